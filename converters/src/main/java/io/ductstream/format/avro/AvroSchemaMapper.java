package io.ductstream.format.avro;

import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.mapping.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Connect schema → Avro schema. Optional fields are {@code ["null", T]} unions with default null;
 * logical and semantic types use Avro logical types where one fits exactly and keep the Connect
 * name in the {@code connect.name} property otherwise (see docs/types.md); a versioned struct keeps
 * its version in {@code connect.version}.
 */
public final class AvroSchemaMapper {
  public static final String CONNECT_NAME_PROP = "connect.name";

  /**
   * A record's Connect schema version (the source's table schema version), an int property as
   * Confluent's AvroData writes it; Avro's parsing canonical form, and so the payload fingerprint,
   * leaves it out.
   */
  public static final String CONNECT_VERSION_PROP = "connect.version";

  private final Map<org.apache.kafka.connect.data.Schema, Schema> records = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();

  private AvroSchemaMapper() {}

  public static Schema toAvro(SchemaNode node) {
    return new AvroSchemaMapper().map(node, "Record");
  }

  private Schema map(SchemaNode node, String path) {
    Schema base = base(node, path);
    return node.optional ? Schema.createUnion(Schema.create(Schema.Type.NULL), base) : base;
  }

  private Schema base(SchemaNode node, String path) {
    return switch (node.kind) {
      case INT8, INT16 -> withName(Schema.create(Schema.Type.INT), node);
      case INT32 -> Schema.create(Schema.Type.INT);
      case INT64 -> Schema.create(Schema.Type.LONG);
      case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
      case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case STRING -> withName(Schema.create(Schema.Type.STRING), node);
      case BYTES -> Schema.create(Schema.Type.BYTES);
      case DECIMAL ->
          LogicalTypes.decimal(node.storedPrecision, node.storedScale)
              .addToSchema(Schema.create(Schema.Type.BYTES));
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIME_MILLIS -> LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
      case TIMESTAMP_MILLIS ->
          LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
      case TIME_MICROS -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case TIMESTAMP_MICROS ->
          LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case TIMESTAMP_TZ_MICROS ->
          LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case UUID -> LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
      case JSON -> withName(Schema.create(Schema.Type.STRING), node);
      case ARRAY -> Schema.createArray(map(node.element, path + "_item"));
      case MAP -> mapType(node, path);
      case STRUCT, INTERVAL -> record(node, path);
    };
  }

  private Schema mapType(SchemaNode node, String path) {
    if (node.key().kind == ValueKind.STRING && !node.key().optional) {
      return Schema.createMap(map(node.value, path + "_value"));
    }
    // Avro maps have string keys: other keys become an array of {key, value} records.
    Schema entry =
        Schema.createRecord(
            uniqueName(path + "_entry"),
            null,
            null,
            false,
            List.of(
                new Schema.Field("key", map(node.key(), path + "_key")),
                optionalField("value", map(node.value, path + "_value"), node.value.optional)));
    return Schema.createArray(entry);
  }

  private Schema record(SchemaNode node, String path) {
    Schema known = records.get(node.schema);
    if (known != null) {
      return known;
    }
    String name = node.name() != null ? node.name() : path;
    Schema record = Schema.createRecord(uniqueName(name), null, null, false);
    records.put(node.schema, record);
    List<Schema.Field> fields = new ArrayList<>(node.fields.length);
    for (int i = 0; i < node.fields.length; i++) {
      String fieldName = avroName(node.fields[i].name());
      fields.add(
          optionalField(
              fieldName,
              map(node.children[i], avroName(path) + "_" + fieldName),
              node.children[i].optional));
    }
    record.setFields(fields);
    if (node.name() != null) {
      record.addProp(CONNECT_NAME_PROP, node.name());
    }
    if (node.schema.version() != null) {
      record.addProp(CONNECT_VERSION_PROP, (Object) node.schema.version());
    }
    return record;
  }

  private static Schema.Field optionalField(String name, Schema schema, boolean optional) {
    return optional
        ? new Schema.Field(name, schema, null, JsonProperties.NULL_VALUE)
        : new Schema.Field(name, schema);
  }

  private static Schema withName(Schema schema, SchemaNode node) {
    if (node.name() != null) {
      schema.addProp(CONNECT_NAME_PROP, node.name());
    } else if (node.kind == ValueKind.INT8 || node.kind == ValueKind.INT16) {
      schema.addProp("connect.type", node.kind == ValueKind.INT8 ? "int8" : "int16");
    }
    return schema;
  }

  /** A full name unique in this schema: dotted segments made valid Avro names. */
  private String uniqueName(String connectName) {
    String[] parts = connectName.split("\\.");
    StringBuilder name = new StringBuilder();
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(avroName(part));
    }
    String base = name.length() == 0 ? "Record" : name.toString();
    String candidate = base;
    for (int n = 2; !usedNames.add(candidate); n++) {
      candidate = base + "_" + n;
    }
    return candidate;
  }

  static String avroName(String name) {
    StringBuilder out = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      ok |= i > 0 && c >= '0' && c <= '9';
      if (!ok && i == 0 && c >= '0' && c <= '9') {
        out.append('_').append(c);
        continue;
      }
      out.append(ok ? c : '_');
    }
    return out.length() == 0 ? "_" : out.toString();
  }
}
