package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/** TEMPORARY minimal registry, replaced by the full types package. */
public final class TypeRegistry {
  public static final Map<String, String> SESSION_SETTINGS =
      Map.of(
          "DateStyle", "ISO",
          "IntervalStyle", "postgres",
          "TimeZone", "UTC",
          "extra_float_digits", "3",
          "bytea_output", "hex");

  public TypeRegistry(Connection catalog) {}

  public boolean binarySafe(int oid) {
    return true;
  }

  public ValueDecoder decoder(int typeOid, int typmod, int arrayDims) {
    return switch (typeOid) {
      case 23 -> simple(Schema.OPTIONAL_INT32_SCHEMA, (b, o, l) -> b.getInt(o), Integer::valueOf);
      case 20 -> simple(Schema.OPTIONAL_INT64_SCHEMA, (b, o, l) -> b.getLong(o), Long::valueOf);
      default -> simple(Schema.OPTIONAL_STRING_SCHEMA, (b, o, l) -> text(b, o, l), s -> s);
    };
  }

  private interface Bin {
    Object read(ByteBuffer b, int o, int l);
  }

  private static String text(ByteBuffer b, int o, int l) {
    byte[] bytes = new byte[l];
    b.get(o, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static ValueDecoder simple(
      Schema schema, Bin bin, java.util.function.Function<String, Object> parse) {
    return new ValueDecoder() {
      public Schema schema() {
        return schema;
      }

      public Object decodeBinary(ByteBuffer buf, int offset, int length) {
        return bin.read(buf, offset, length);
      }

      public Object decodeText(ByteBuffer buf, int offset, int length) {
        return parse.apply(text(buf, offset, length));
      }

      public boolean takesPlaceholder() {
        return schema.type() == Schema.Type.STRING || schema.type() == Schema.Type.BYTES;
      }
    };
  }
}
