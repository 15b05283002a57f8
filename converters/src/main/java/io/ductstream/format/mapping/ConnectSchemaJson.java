package io.ductstream.format.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The text form of a Connect schema that travels with records (schema header) and files (file
 * metadata): Kafka's JSON schema form ({@code {"type":"struct","fields":[...],"optional":false,
 * "name":...}}), byte for byte as Kafka's own JsonConverter writes it, so names, parameters,
 * optionality and defaults survive, fingerprints of earlier releases still match, and any Kafka
 * tool can read it.
 *
 * <p>This is our own code over our own Jackson on purpose: the plugin runs in the worker's isolated
 * plugin class loader, and calling the worker's connect-json with Jackson nodes of the plugin's
 * Jackson fails with a loader constraint violation (docs/connect-plugin.md, "Class loading").
 */
public final class ConnectSchemaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public String toJson(Schema schema) {
    return toJsonNode(schema).toString();
  }

  public Schema fromJson(String text) {
    try {
      return fromJson(MAPPER.readTree(text));
    } catch (IOException e) {
      throw new DataException("schema is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The Connect schema a JSON schema node describes. */
  public Schema fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new DataException("a schema must be a JSON object, got " + kind(node));
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      throw new DataException("a schema must have a \"type\" text field: " + node);
    }
    SchemaBuilder builder = builderOf(type.textValue(), node);
    JsonNode optional = node.get("optional");
    if (optional != null && optional.isBoolean() && optional.booleanValue()) {
      builder.optional();
    } else {
      builder.required();
    }
    JsonNode name = node.get("name");
    if (name != null && name.isTextual()) {
      builder.name(name.textValue());
    }
    JsonNode version = node.get("version");
    if (version != null && version.isIntegralNumber()) {
      builder.version(version.intValue());
    }
    JsonNode doc = node.get("doc");
    if (doc != null && doc.isTextual()) {
      builder.doc(doc.textValue());
    }
    JsonNode parameters = node.get("parameters");
    if (parameters != null) {
      if (!parameters.isObject()) {
        throw new DataException("schema \"parameters\" must be an object: " + parameters);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> parameter = it.next();
        builder.parameter(parameter.getKey(), parameter.getValue().textValue());
      }
    }
    JsonNode defaultValue = node.get("default");
    if (defaultValue != null && !defaultValue.isNull()) {
      builder.defaultValue(valueOf(builder, defaultValue));
    }
    return builder.build();
  }

  public JsonNode toJsonNode(Schema schema) {
    ObjectNode node = NODES.objectNode();
    node.put("type", typeName(schema.type()));
    switch (schema.type()) {
      case ARRAY -> node.set("items", toJsonNode(schema.valueSchema()));
      case MAP -> {
        node.set("keys", toJsonNode(schema.keySchema()));
        node.set("values", toJsonNode(schema.valueSchema()));
      }
      case STRUCT -> {
        ArrayNode fields = node.putArray("fields");
        for (Field field : schema.fields()) {
          ObjectNode fieldNode = (ObjectNode) toJsonNode(field.schema());
          fieldNode.put("field", field.name());
          fields.add(fieldNode);
        }
      }
      default -> {}
    }
    node.put("optional", schema.isOptional());
    if (schema.name() != null) {
      node.put("name", schema.name());
    }
    if (schema.version() != null) {
      node.put("version", schema.version());
    }
    if (schema.doc() != null) {
      node.put("doc", schema.doc());
    }
    if (schema.parameters() != null) {
      ObjectNode parameters = node.putObject("parameters");
      schema.parameters().forEach(parameters::put);
    }
    if (schema.defaultValue() != null) {
      node.set("default", jsonOf(schema, schema.defaultValue()));
    }
    return node;
  }

  /** CRC-64-AVRO (Rabin) fingerprint of bytes, as Avro computes schema fingerprints. */
  public static long fingerprint(byte[] bytes) {
    return SchemaNormalization.fingerprint64(bytes);
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private SchemaBuilder builderOf(String type, JsonNode node) {
    return switch (type) {
      case "boolean" -> SchemaBuilder.bool();
      case "int8" -> SchemaBuilder.int8();
      case "int16" -> SchemaBuilder.int16();
      case "int32" -> SchemaBuilder.int32();
      case "int64" -> SchemaBuilder.int64();
      case "float" -> SchemaBuilder.float32();
      case "double" -> SchemaBuilder.float64();
      case "bytes" -> SchemaBuilder.bytes();
      case "string" -> SchemaBuilder.string();
      case "array" -> SchemaBuilder.array(fromJson(required(node, "items", "array")));
      case "map" ->
          SchemaBuilder.map(
              fromJson(required(node, "keys", "map")), fromJson(required(node, "values", "map")));
      case "struct" -> {
        JsonNode fields = node.get("fields");
        if (fields == null || !fields.isArray()) {
          throw new DataException("a struct schema must have a \"fields\" array: " + node);
        }
        SchemaBuilder struct = SchemaBuilder.struct();
        for (JsonNode field : fields) {
          JsonNode name = field.get("field");
          if (name == null || !name.isTextual()) {
            throw new DataException("a struct field must have a \"field\" name: " + field);
          }
          struct.field(name.textValue(), fromJson(field));
        }
        yield struct;
      }
      default -> throw new DataException("unknown schema type \"" + type + "\"");
    };
  }

  private static JsonNode required(JsonNode node, String name, String type) {
    JsonNode child = node.get(name);
    if (child == null) {
      throw new DataException("a " + type + " schema must have \"" + name + "\": " + node);
    }
    return child;
  }

  private static String typeName(Schema.Type type) {
    return switch (type) {
      case BOOLEAN -> "boolean";
      case INT8 -> "int8";
      case INT16 -> "int16";
      case INT32 -> "int32";
      case INT64 -> "int64";
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
      case BYTES -> "bytes";
      case STRING -> "string";
      case ARRAY -> "array";
      case MAP -> "map";
      case STRUCT -> "struct";
    };
  }

  /**
   * A default value in Kafka's JSON form: logical types by their Connect encoding (decimals as the
   * base64 of the unscaled two's-complement bytes, dates as days, times and timestamps as millis).
   */
  private JsonNode jsonOf(Schema schema, Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    String name = schema.name();
    if (Decimal.LOGICAL_NAME.equals(name)) {
      return NODES.binaryNode(((BigDecimal) value).unscaledValue().toByteArray());
    }
    if (Date.LOGICAL_NAME.equals(name)) {
      return NODES.numberNode(Date.fromLogical(schema, (java.util.Date) value));
    }
    if (Time.LOGICAL_NAME.equals(name)) {
      return NODES.numberNode(Time.fromLogical(schema, (java.util.Date) value));
    }
    if (Timestamp.LOGICAL_NAME.equals(name)) {
      return NODES.numberNode(Timestamp.fromLogical(schema, (java.util.Date) value));
    }
    return switch (schema.type()) {
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case INT8 -> NODES.numberNode((Byte) value);
      case INT16 -> NODES.numberNode((Short) value);
      case INT32 -> NODES.numberNode((Integer) value);
      case INT64 -> NODES.numberNode((Long) value);
      case FLOAT32 -> NODES.numberNode((Float) value);
      case FLOAT64 -> NODES.numberNode((Double) value);
      case STRING -> NODES.textNode((String) value);
      case BYTES -> NODES.binaryNode(bytesOf(value));
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object element : (List<?>) value) {
          array.add(jsonOf(schema.valueSchema(), element));
        }
        yield array;
      }
      case MAP -> {
        Map<?, ?> map = (Map<?, ?>) value;
        if (schema.keySchema().type() == Schema.Type.STRING) {
          ObjectNode object = NODES.objectNode();
          map.forEach((k, v) -> object.set((String) k, jsonOf(schema.valueSchema(), v)));
          yield object;
        }
        ArrayNode pairs = NODES.arrayNode();
        map.forEach(
            (k, v) ->
                pairs
                    .addArray()
                    .add(jsonOf(schema.keySchema(), k))
                    .add(jsonOf(schema.valueSchema(), v)));
        yield pairs;
      }
      case STRUCT -> {
        ObjectNode object = NODES.objectNode();
        Struct struct = (Struct) value;
        for (Field field : schema.fields()) {
          object.set(field.name(), jsonOf(field.schema(), struct.get(field)));
        }
        yield object;
      }
    };
  }

  private static byte[] bytesOf(Object value) {
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    return (byte[]) value;
  }

  /** The Connect value of a default in Kafka's JSON form (the reverse of {@link #jsonOf}). */
  private Object valueOf(Schema schema, JsonNode json) {
    if (json == null || json.isNull()) {
      return null;
    }
    if (!fits(schema, json)) {
      throw new DataException(
          "schema default " + json + " does not fit its " + schema.type() + " schema");
    }
    try {
      String name = schema.name();
      if (Decimal.LOGICAL_NAME.equals(name)) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        return json.isNumber()
            ? json.decimalValue().setScale(scale)
            : new BigDecimal(new BigInteger(json.binaryValue()), scale);
      }
      if (Date.LOGICAL_NAME.equals(name)) {
        return Date.toLogical(schema, json.intValue());
      }
      if (Time.LOGICAL_NAME.equals(name)) {
        return Time.toLogical(schema, json.intValue());
      }
      if (Timestamp.LOGICAL_NAME.equals(name)) {
        return Timestamp.toLogical(schema, json.longValue());
      }
      return switch (schema.type()) {
        case BOOLEAN -> json.booleanValue();
        case INT8 -> (byte) json.intValue();
        case INT16 -> (short) json.intValue();
        case INT32 -> json.intValue();
        case INT64 -> json.longValue();
        case FLOAT32 -> json.floatValue();
        case FLOAT64 -> json.doubleValue();
        case STRING -> json.textValue();
        case BYTES -> json.binaryValue();
        case ARRAY -> {
          List<Object> list = new ArrayList<>();
          for (JsonNode element : json) {
            list.add(valueOf(schema.valueSchema(), element));
          }
          yield list;
        }
        case MAP -> {
          Map<Object, Object> map = new LinkedHashMap<>();
          if (json.isObject()) {
            json.fields()
                .forEachRemaining(
                    e -> map.put(e.getKey(), valueOf(schema.valueSchema(), e.getValue())));
          } else {
            for (JsonNode pair : json) {
              map.put(
                  valueOf(schema.keySchema(), pair.get(0)),
                  valueOf(schema.valueSchema(), pair.get(1)));
            }
          }
          yield map;
        }
        case STRUCT -> {
          Struct struct = new Struct(schema);
          for (Field field : schema.fields()) {
            struct.put(field, valueOf(field.schema(), json.get(field.name())));
          }
          yield struct;
        }
      };
    } catch (IOException | RuntimeException e) {
      throw new DataException(
          "schema default " + json + " does not fit its " + schema.type() + " schema", e);
    }
  }

  private static boolean fits(Schema schema, JsonNode json) {
    return switch (schema.type()) {
      case BOOLEAN -> json.isBoolean();
      case INT8, INT16, INT32, INT64 -> json.isIntegralNumber();
      case FLOAT32, FLOAT64 -> json.isNumber();
      case STRING -> json.isTextual();
      case BYTES -> json.isTextual() || json.isBinary() || json.isNumber();
      case ARRAY -> json.isArray();
      case MAP -> json.isObject() || json.isArray();
      case STRUCT -> json.isObject();
    };
  }

  private static String kind(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().toString().toLowerCase();
  }
}
