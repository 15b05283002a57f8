package io.ductstream.format.parquet;

import io.ductstream.contract.envelope.SemanticTypes;
import io.ductstream.format.mapping.SchemaNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Connect schema → Parquet schema. Lists and maps use the standard three-level LIST and MAP
 * layouts; a struct's fields become the columns and any other top-level value one column {@value
 * #VALUE_COLUMN}. The Connect schema rides in the footer's key-value metadata under {@value
 * #CONNECT_SCHEMA_META}.
 */
public final class ParquetSchemaMapper {
  public static final String CONNECT_SCHEMA_META = "ductstream.connect.schema";

  /** The Connect schema's version (the source's table schema version), when it has one. */
  public static final String CONNECT_VERSION_META = "ductstream.connect.version";

  public static final String VALUE_COLUMN = "value";
  static final String MESSAGE_NAME = "ductstream_record";

  private ParquetSchemaMapper() {}

  public static MessageType toParquet(SchemaNode root) {
    List<Type> fields = new ArrayList<>();
    if (root.isRecord()) {
      for (int i = 0; i < root.fields.length; i++) {
        fields.add(type(root.fields[i].name(), root.children[i]));
      }
    } else {
      fields.add(type(VALUE_COLUMN, root));
    }
    return new MessageType(MESSAGE_NAME, fields);
  }

  /**
   * True when a decimal is stored as its text (precision above 38): Parquet allows wider decimals
   * but common readers (DuckDB, Spark) stop at 38 digits or misread them.
   */
  static boolean decimalAsText(SchemaNode node) {
    return node.storedPrecision > 38;
  }

  /** How a decimal of this precision is stored: INT32, INT64 or BINARY. */
  static PrimitiveTypeName decimalStorage(SchemaNode node) {
    int precision = node.storedPrecision;
    return precision <= 9
        ? PrimitiveTypeName.INT32
        : precision <= 18 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.BINARY;
  }

  static Type type(String name, SchemaNode node) {
    Type.Repetition repetition =
        node.optional ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    return switch (node.kind) {
      case INT8 ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.intType(8, true))
              .named(name);
      case INT16 ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.intType(16, true))
              .named(name);
      case INT32 -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
      case INT64 -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      case FLOAT32 -> Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
      case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
      case STRING ->
          Types.primitive(PrimitiveTypeName.BINARY, repetition)
              .as(
                  SemanticTypes.ENUM.equals(node.name())
                      ? LogicalTypeAnnotation.enumType()
                      : LogicalTypeAnnotation.stringType())
              .named(name);
      case UUID ->
          Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
              .length(16)
              .as(LogicalTypeAnnotation.uuidType())
              .named(name);
      case JSON ->
          Types.primitive(PrimitiveTypeName.BINARY, repetition)
              .as(LogicalTypeAnnotation.jsonType())
              .named(name);
      case BYTES -> Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
      case DECIMAL ->
          decimalAsText(node)
              ? Types.primitive(PrimitiveTypeName.BINARY, repetition)
                  .as(LogicalTypeAnnotation.stringType())
                  .named(name)
              : Types.primitive(decimalStorage(node), repetition)
                  .as(LogicalTypeAnnotation.decimalType(node.storedScale, node.storedPrecision))
                  .named(name);
      case DATE ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.dateType())
              .named(name);
      case TIME_MILLIS ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.timeType(true, TimeUnit.MILLIS))
              .named(name);
      case TIME_MICROS ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS))
              .named(name);
      case TIMESTAMP_MILLIS ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
              .named(name);
      case TIMESTAMP_MICROS ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS))
              .named(name);
      case TIMESTAMP_TZ_MICROS ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS))
              .named(name);
      case STRUCT, INTERVAL -> {
        Types.GroupBuilder<org.apache.parquet.schema.GroupType> group =
            Types.buildGroup(repetition);
        for (int i = 0; i < node.fields.length; i++) {
          group.addField(type(node.fields[i].name(), node.children[i]));
        }
        yield group.named(name);
      }
      case ARRAY ->
          Types.buildGroup(repetition)
              .as(LogicalTypeAnnotation.listType())
              .addField(Types.repeatedGroup().addField(type("element", node.element)).named("list"))
              .named(name);
      case MAP ->
          Types.buildGroup(repetition)
              .as(LogicalTypeAnnotation.mapType())
              .addField(
                  Types.repeatedGroup()
                      .addField(type("key", required(node.key())))
                      .addField(type("value", node.value))
                      .named("key_value"))
              .named(name);
    };
  }

  private static SchemaNode required(SchemaNode key) {
    if (!key.optional) {
      return key;
    }
    throw new org.apache.kafka.connect.errors.DataException(
        "Parquet map keys cannot be optional: " + key.schema);
  }
}
