package io.ductstream.controlplane.json;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;

/**
 * JSON text to and from protobuf's {@link Value} and {@link Struct}: the one JSON library the
 * control plane already ships (protobuf-java-util), for the store's jsonb columns and the Kafka
 * Connect REST API.
 */
public final class JsonValues {
  private JsonValues() {}

  /** Compact JSON of {@code value}. */
  public static String print(MessageOrBuilder value) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(value);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; Value and Struct have none.
      throw new IllegalStateException("cannot print " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @param what names the text in the error, e.g. "Kafka Connect's answer"
   * @throws IllegalStateException if it is not JSON
   */
  public static Value parse(String json, String what) {
    Value.Builder value = Value.newBuilder();
    try {
      JsonFormat.parser().merge(json, value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(what + " is not JSON: " + e.getMessage(), e);
    }
    return value.build();
  }

  /** A JSON object of strings. */
  public static Struct strings(Map<String, String> map) {
    Struct.Builder struct = Struct.newBuilder();
    map.forEach((k, v) -> struct.putFields(k, Value.newBuilder().setStringValue(v).build()));
    return struct.build();
  }

  /** A string value as it is; any other value as its JSON text. */
  public static String text(Value value) {
    return value.hasStringValue() ? value.getStringValue() : print(value);
  }

  /** {@code text} as a JSON string literal, quotes included. */
  public static String quote(String text) {
    return print(Value.newBuilder().setStringValue(text).build());
  }

  /**
   * Compact JSON of {@code value} with whole numbers written as integers ({@code 23456789}, not
   * {@code 2.3456789E7}): JSON has doubles only, and offsets and LSNs are whole numbers that other
   * programs read back as longs.
   */
  public static String printWholeNumbers(Value value) {
    StringBuilder json = new StringBuilder();
    appendWholeNumbers(value, json);
    return json.toString();
  }

  private static void appendWholeNumbers(Value value, StringBuilder json) {
    switch (value.getKindCase()) {
      case NUMBER_VALUE -> {
        double number = value.getNumberValue();
        if (number == Math.rint(number) && Math.abs(number) < 0x1p63) {
          json.append((long) number);
        } else {
          json.append(print(value));
        }
      }
      case STRUCT_VALUE -> {
        json.append('{');
        boolean first = true;
        for (var field : value.getStructValue().getFieldsMap().entrySet()) {
          if (!first) {
            json.append(',');
          }
          first = false;
          json.append(quote(field.getKey())).append(':');
          appendWholeNumbers(field.getValue(), json);
        }
        json.append('}');
      }
      case LIST_VALUE -> {
        json.append('[');
        boolean first = true;
        for (Value element : value.getListValue().getValuesList()) {
          if (!first) {
            json.append(',');
          }
          first = false;
          appendWholeNumbers(element, json);
        }
        json.append(']');
      }
      default -> json.append(print(value));
    }
  }
}
