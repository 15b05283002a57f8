package io.ductstream.format.proto;

import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.mapping.ValueKind;

/**
 * The rules that place Connect values in protobuf messages, shared by the descriptor mapper and the
 * codec so they cannot disagree. Every struct field is an {@code optional} (proto2) field numbered
 * by position from 1; arrays and maps are messages ({@code List { repeated items = 1 }}, {@code Map
 * { repeated Entry entries = 1 }}, {@code Entry { key = 1; value = 2 }}) so a NULL array differs
 * from an empty one; array elements that may be NULL or are themselves arrays or maps are wrapped
 * in {@code Elem { optional value = 1 }}; a top-level value that is not a struct is wrapped the
 * same way.
 */
final class ProtoLayout {
  static final int WIRE_VARINT = 0;
  static final int WIRE_FIXED64 = 1;
  static final int WIRE_LEN = 2;
  static final int WIRE_FIXED32 = 5;

  private ProtoLayout() {}

  /** True when array elements are wrapped in an {@code Elem} message. */
  static boolean wrapsElements(SchemaNode array) {
    SchemaNode element = array.element;
    return element.optional || element.kind == ValueKind.ARRAY || element.kind == ValueKind.MAP;
  }

  /** True when a top-level value of this schema is wrapped in a message. */
  static boolean wrapsRoot(SchemaNode root) {
    return root.kind != ValueKind.STRUCT;
  }

  static int wireType(ValueKind kind) {
    return switch (kind) {
      case INT8,
          INT16,
          INT32,
          DATE,
          TIME_MILLIS,
          INT64,
          TIME_MICROS,
          TIMESTAMP_MICROS,
          TIMESTAMP_TZ_MICROS,
          TIMESTAMP_MILLIS,
          BOOLEAN ->
          WIRE_VARINT;
      case FLOAT32 -> WIRE_FIXED32;
      case FLOAT64 -> WIRE_FIXED64;
      default -> WIRE_LEN;
    };
  }
}
