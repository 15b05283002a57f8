package io.ductstream.format.avro;

import io.ductstream.contract.envelope.TrustedStructs;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.mapping.ConnectValues;
import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.mapping.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.Decoder;
import org.apache.kafka.connect.data.Struct;

/**
 * Writes and reads Connect values in Avro's binary encoding of the schema {@link AvroSchemaMapper}
 * derives, straight from and to Connect objects (no GenericRecord in between).
 */
public final class AvroValueCodec {
  private AvroValueCodec() {}

  /**
   * Writes {@code value} in Avro's binary encoding into {@code out}: the spec's zig-zag varints,
   * little-endian floats, length-prefixed bytes, blocked arrays and maps, union branch indexes.
   * Written by hand because Avro's direct encoder goes through a synchronized stream byte by byte.
   */
  public static void write(SchemaNode node, Object value, GrowableBytes out) {
    if (node.optional) {
      if (value == null) {
        out.write(0); // union branch 0: null
        return;
      }
      out.write(2); // union branch 1, zig-zag encoded
    }
    switch (node.kind) {
      case INT8 -> out.writeZigZag((Byte) value);
      case INT16 -> out.writeZigZag((Short) value);
      case INT32 -> out.writeZigZag((Integer) value);
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS ->
          out.writeZigZag((Long) value);
      case FLOAT32 -> out.writeIntLe(Float.floatToRawIntBits((Float) value));
      case FLOAT64 -> out.writeLongLe(Double.doubleToRawLongBits((Double) value));
      case BOOLEAN -> out.write((Boolean) value ? 1 : 0);
      case STRING, UUID, JSON -> {
        out.write(0);
        int start = out.size();
        out.writeUtf8((String) value);
        out.patchZigZagLengthPrefix(start);
      }
      case BYTES -> {
        byte[] bytes = ConnectValues.bytes(value);
        out.writeZigZag(bytes.length);
        out.write(bytes, 0, bytes.length);
      }
      case DECIMAL -> writeUnscaled(ConnectValues.storedUnscaled((BigDecimal) value, node), out);
      case DATE -> out.writeZigZag(ConnectValues.days(value));
      case TIME_MILLIS -> out.writeZigZag(ConnectValues.millisOfDay(value));
      case TIMESTAMP_MILLIS -> out.writeZigZag(ConnectValues.epochMillis(value));
      case STRUCT, INTERVAL -> {
        Struct struct = (Struct) value;
        for (int i = 0; i < node.fields.length; i++) {
          write(node.children[i], struct.get(node.fields[i]), out);
        }
      }
      case ARRAY -> {
        List<?> list = (List<?>) value;
        if (!list.isEmpty()) {
          out.writeZigZag(list.size());
          for (Object item : list) {
            write(node.element, item, out);
          }
        }
        out.write(0);
      }
      case MAP -> {
        // A map with string keys is an Avro map, any other an array of {key, value}: the same
        // bytes.
        Map<?, ?> map = (Map<?, ?>) value;
        if (!map.isEmpty()) {
          out.writeZigZag(map.size());
          for (Map.Entry<?, ?> e : map.entrySet()) {
            write(node.key(), e.getKey(), out);
            write(node.value, e.getValue(), out);
          }
        }
        out.write(0);
      }
    }
  }

  /** The unscaled value as big-endian two's complement bytes, without BigInteger's array. */
  private static void writeUnscaled(BigInteger unscaled, GrowableBytes out) {
    if (unscaled.bitLength() > 63) {
      byte[] bytes = unscaled.toByteArray();
      out.writeZigZag(bytes.length);
      out.write(bytes, 0, bytes.length);
      return;
    }
    long v = unscaled.longValue();
    int length = (64 - Long.numberOfLeadingZeros(v ^ (v >> 63))) / 8 + 1;
    out.writeZigZag(length);
    for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
  }

  public static Object read(SchemaNode node, Decoder in) throws IOException {
    if (node.optional && in.readIndex() == 0) {
      return null;
    }
    return switch (node.kind) {
      case INT8 -> (byte) in.readInt();
      case INT16 -> (short) in.readInt();
      case INT32 -> in.readInt();
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS -> in.readLong();
      case FLOAT32 -> in.readFloat();
      case FLOAT64 -> in.readDouble();
      case BOOLEAN -> in.readBoolean();
      case STRING, UUID, JSON -> in.readString();
      case BYTES -> bytes(in);
      case DECIMAL ->
          ConnectValues.fromStored(
              ConnectValues.decimal(new BigInteger(bytes(in)), node.storedScale), node);
      case DATE -> ConnectValues.dateOfDays(in.readInt());
      case TIME_MILLIS -> ConnectValues.dateOfMillis(in.readInt());
      case TIMESTAMP_MILLIS -> ConnectValues.dateOfMillis(in.readLong());
      case STRUCT, INTERVAL -> {
        // the bytes were laid out by this schema, so each value has its field's type already
        Struct struct = new Struct(node.schema);
        for (int i = 0; i < node.fields.length; i++) {
          TrustedStructs.set(struct, node.fields[i], read(node.children[i], in));
        }
        yield struct;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        boolean free = zeroWidth(node.element);
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
          if (free) {
            checkZeroWidthItems(list.size(), n);
          }
          for (long i = 0; i < n; i++) {
            list.add(read(node.element, in));
          }
        }
        yield list;
      }
      case MAP -> readMap(node, in);
    };
  }

  private static Map<Object, Object> readMap(SchemaNode node, Decoder in) throws IOException {
    boolean avroMap = node.key().kind == ValueKind.STRING && !node.key().optional;
    Map<Object, Object> map = new LinkedHashMap<>();
    boolean free = !avroMap && zeroWidth(node.key()) && zeroWidth(node.value);
    long items = 0;
    for (long n = avroMap ? in.readMapStart() : in.readArrayStart();
        n != 0;
        n = avroMap ? in.mapNext() : in.arrayNext()) {
      if (free) {
        checkZeroWidthItems(items, n);
        items += n;
      }
      for (long i = 0; i < n; i++) {
        Object key = read(node.key(), in);
        map.put(key, read(node.value, in));
      }
    }
    return map;
  }

  /**
   * Most items of a type that takes no bytes (a struct without fields) one value may hold. Every
   * other item takes at least one byte, so the payload's size bounds their count; these would let a
   * few bytes declare 2^62 items.
   */
  static final long MAX_ZERO_WIDTH_ITEMS = 1 << 16;

  private static void checkZeroWidthItems(long sofar, long more) throws IOException {
    if (more < 0 || sofar + more > MAX_ZERO_WIDTH_ITEMS) {
      throw new IOException(
          "more than "
              + MAX_ZERO_WIDTH_ITEMS
              + " items of a type without fields in one value ("
              + (sofar + more)
              + " declared)");
    }
  }

  /** True for a type whose values take no bytes in Avro's binary encoding. */
  static boolean zeroWidth(SchemaNode node) {
    if (node.kind != ValueKind.STRUCT || node.optional) {
      return false;
    }
    for (SchemaNode child : node.children) {
      if (!zeroWidth(child)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(Decoder in) throws IOException {
    if (in instanceof ByteArrayDecoder direct) {
      return direct.readByteArray();
    }
    ByteBuffer buffer = in.readBytes(null);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
