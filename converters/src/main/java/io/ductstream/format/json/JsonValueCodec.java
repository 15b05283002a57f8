package io.ductstream.format.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ductstream.format.mapping.ConnectValues;
import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.mapping.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect values as JSON: numbers stay exact (decimals as JSON numbers at their scale, int64 as
 * integers), NaN, infinities and negative zero as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}, {@code "-0.0"}, bytes as base64, logical times as their integer counts,
 * structs as objects, maps with string keys as objects and others as arrays of {@code [key, value]}
 * pairs.
 */
public final class JsonValueCodec {
  // JSON numbers read as exact decimals lose the sign of zero, so -0.0 is written as a string.
  private static final int NEGATIVE_ZERO_FLOAT = Float.floatToRawIntBits(-0.0f);
  private static final long NEGATIVE_ZERO_DOUBLE = Double.doubleToRawLongBits(-0.0d);

  private JsonValueCodec() {}

  public static void write(SchemaNode node, Object value, JsonGenerator out) throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    switch (node.kind) {
      case INT8 -> out.writeNumber((Byte) value);
      case INT16 -> out.writeNumber((Short) value);
      case INT32 -> out.writeNumber((Integer) value);
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS ->
          out.writeNumber((Long) value);
      case FLOAT32 -> writeFloat((Float) value, out);
      case FLOAT64 -> writeDouble((Double) value, out);
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case STRING, UUID, JSON -> out.writeString((String) value);
      case BYTES -> out.writeString(Base64.getEncoder().encodeToString(bytes(value)));
      case DECIMAL -> {
        ConnectValues.unscaled((BigDecimal) value, node.scale);
        out.writeNumber(((BigDecimal) value).toPlainString());
      }
      case DATE -> out.writeNumber(ConnectValues.days(value));
      case TIME_MILLIS -> out.writeNumber(ConnectValues.millisOfDay(value));
      case TIMESTAMP_MILLIS -> out.writeNumber(ConnectValues.epochMillis(value));
      case STRUCT, INTERVAL -> writeStruct(node, (Struct) value, 0, out);
      case ARRAY -> {
        out.writeStartArray();
        for (Object item : (List<?>) value) {
          write(node.element, item, out);
        }
        out.writeEndArray();
      }
      case MAP -> writeMap(node, (Map<?, ?>) value, out);
    }
  }

  /**
   * A struct as a JSON object of its fields from {@code firstField} on (a key without the table
   * identity a shared topic's keys start with, for instance).
   */
  public static void writeStruct(SchemaNode node, Struct struct, int firstField, JsonGenerator out)
      throws IOException {
    out.writeStartObject();
    for (int i = firstField; i < node.fields.length; i++) {
      out.writeFieldName(node.fields[i].name());
      write(node.children[i], struct.get(node.fields[i]), out);
    }
    out.writeEndObject();
  }

  private static void writeMap(SchemaNode node, Map<?, ?> map, JsonGenerator out)
      throws IOException {
    if (node.key().kind == ValueKind.STRING && !node.key().optional) {
      out.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.writeFieldName((String) e.getKey());
        write(node.value, e.getValue(), out);
      }
      out.writeEndObject();
      return;
    }
    out.writeStartArray();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.writeStartArray();
      write(node.key(), e.getKey(), out);
      write(node.value, e.getValue(), out);
      out.writeEndArray();
    }
    out.writeEndArray();
  }

  private static void writeFloat(float v, JsonGenerator out) throws IOException {
    if (Float.isFinite(v) && Float.floatToRawIntBits(v) != NEGATIVE_ZERO_FLOAT) {
      out.writeNumber(v);
    } else if (Float.isFinite(v)) {
      out.writeString("-0.0");
    } else {
      out.writeString(Float.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }
  }

  private static void writeDouble(double v, JsonGenerator out) throws IOException {
    if (Double.isFinite(v) && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO_DOUBLE) {
      out.writeNumber(v);
    } else if (Double.isFinite(v)) {
      out.writeString("-0.0");
    } else {
      out.writeString(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }
  }

  /** Writes a value that has no schema, by its Java type (schemaless records). */
  public static void writeSchemaless(Object value, JsonGenerator out) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof Struct struct) {
      write(SchemaNode.of(struct.schema()), struct, out);
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.writeFieldName(String.valueOf(e.getKey()));
        writeSchemaless(e.getValue(), out);
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object item : list) {
        writeSchemaless(item, out);
      }
      out.writeEndArray();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Float f) {
      writeFloat(f, out);
    } else if (value instanceof Double d) {
      writeDouble(d, out);
    } else if (value instanceof BigDecimal d) {
      out.writeNumber(d.toPlainString());
    } else if (value instanceof Number n) {
      out.writeNumber(n.longValue());
    } else if (value instanceof byte[] || value instanceof ByteBuffer) {
      out.writeString(Base64.getEncoder().encodeToString(bytes(value)));
    } else if (value instanceof java.util.Date d) {
      out.writeNumber(d.getTime());
    } else {
      throw new DataException(
          "schemaless JSON cannot encode a " + value.getClass().getName() + ": " + value);
    }
  }

  public static Object read(SchemaNode node, JsonNode json) {
    if (json == null || json.isNull()) {
      if (!node.optional && node.schema.defaultValue() == null) {
        throw new DataException("null for a required field of type " + node.schema.type());
      }
      return node.schema.defaultValue();
    }
    return switch (node.kind) {
      case INT8 -> (byte) json.intValue();
      case INT16 -> (short) json.intValue();
      case INT32 -> json.intValue();
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS -> json.longValue();
      case FLOAT32 -> json.isTextual() ? Float.parseFloat(json.textValue()) : json.floatValue();
      case FLOAT64 -> json.isTextual() ? Double.parseDouble(json.textValue()) : json.doubleValue();
      case BOOLEAN -> json.booleanValue();
      case STRING, UUID, JSON -> json.textValue();
      case BYTES -> Base64.getDecoder().decode(json.textValue());
      case DECIMAL -> decimal(json, node.scale);
      case DATE -> ConnectValues.dateOfDays(json.intValue());
      case TIME_MILLIS -> ConnectValues.dateOfMillis(json.intValue());
      case TIMESTAMP_MILLIS -> ConnectValues.dateOfMillis(json.longValue());
      case STRUCT, INTERVAL -> {
        Struct struct = new Struct(node.schema);
        for (int i = 0; i < node.fields.length; i++) {
          Field field = node.fields[i];
          struct.put(field, read(node.children[i], json.get(field.name())));
        }
        yield struct;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(json.size());
        for (JsonNode item : json) {
          list.add(read(node.element, item));
        }
        yield list;
      }
      case MAP -> readMap(node, json);
    };
  }

  private static Map<Object, Object> readMap(SchemaNode node, JsonNode json) {
    Map<Object, Object> map = new LinkedHashMap<>();
    if (json.isObject()) {
      for (Map.Entry<String, JsonNode> e : json.properties()) {
        map.put(e.getKey(), read(node.value, e.getValue()));
      }
    } else {
      for (JsonNode pair : json) {
        map.put(read(node.key(), pair.get(0)), read(node.value, pair.get(1)));
      }
    }
    return map;
  }

  /** A schemaless JSON value as Java: Map, List, String, Long, Double, BigDecimal, Boolean. */
  public static Object readSchemaless(JsonNode json) {
    if (json == null || json.isNull()) {
      return null;
    }
    if (json.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : json.properties()) {
        map.put(e.getKey(), readSchemaless(e.getValue()));
      }
      return map;
    }
    if (json.isArray()) {
      List<Object> list = new ArrayList<>(json.size());
      json.forEach(item -> list.add(readSchemaless(item)));
      return list;
    }
    if (json.isTextual()) {
      return json.textValue();
    }
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    if (json.isIntegralNumber()) {
      return json.canConvertToLong() ? (Object) json.longValue() : json.decimalValue();
    }
    if (json.isBigDecimal()) {
      return json.decimalValue();
    }
    return json.doubleValue();
  }

  static byte[] bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      byte[] out = new byte[buffer.remaining()];
      buffer.duplicate().get(out);
      return out;
    }
    return (byte[]) value;
  }

  /**
   * Most digits before the decimal point a decimal may have: PostgreSQL's numeric holds 131,072. A
   * few characters ({@code 1e600000000}) can declare a number whose rescaling costs minutes of CPU
   * and gigabytes; such a value is refused before it is rescaled.
   */
  static final int MAX_INTEGER_DIGITS = 131_072 + 1;

  /** Most digits after the point: PostgreSQL's numeric holds 16,383. */
  static final int MAX_FRACTION_DIGITS = 16_383 + 1;

  private static BigDecimal decimal(JsonNode json, int scale) {
    BigDecimal value = json.decimalValue();
    long integerDigits = (long) value.precision() - value.scale();
    if (integerDigits > MAX_INTEGER_DIGITS
        || value.scale() > MAX_FRACTION_DIGITS
        || Math.abs(scale) > MAX_FRACTION_DIGITS + MAX_INTEGER_DIGITS) {
      throw new DataException(
          "decimal "
              + json.asText().substring(0, Math.min(40, json.asText().length()))
              + " is outside the range of a numeric (at most "
              + MAX_INTEGER_DIGITS
              + " digits before the point)");
    }
    return value.setScale(scale);
  }
}
