package io.ductstream.format.proto;

import static io.ductstream.format.proto.ProtoLayout.WIRE_FIXED32;
import static io.ductstream.format.proto.ProtoLayout.WIRE_FIXED64;
import static io.ductstream.format.proto.ProtoLayout.WIRE_LEN;
import static io.ductstream.format.proto.ProtoLayout.WIRE_VARINT;

import io.ductstream.format.GrowableBytes;
import io.ductstream.format.mapping.ConnectValues;
import io.ductstream.format.mapping.SchemaNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes and reads Connect values in protobuf's wire format for the descriptor {@link
 * ProtoDescriptorMapper} derives, directly on bytes (no DynamicMessage on the hot path; tests check
 * the bytes parse with DynamicMessage).
 */
public final class ProtoValueCodec {
  private ProtoValueCodec() {}

  /** Writes the message body of a top-level record. */
  public static void writeRoot(SchemaNode root, Object value, GrowableBytes out) {
    if (ProtoLayout.wrapsRoot(root)) {
      writeSlot(1, root, value, out);
    } else {
      writeStruct(root, (Struct) value, out);
    }
  }

  private static void writeStruct(SchemaNode node, Struct struct, GrowableBytes out) {
    for (int i = 0; i < node.fields.length; i++) {
      Object value = struct.get(node.fields[i]);
      if (value != null) {
        writeSlot(i + 1, node.children[i], value, out);
      }
    }
  }

  private static void writeSlot(int number, SchemaNode node, Object value, GrowableBytes out) {
    int wire = ProtoLayout.wireType(node.kind);
    out.writeVarint(((long) number << 3) | wire);
    switch (node.kind) {
      case INT8 -> out.writeVarint((Byte) value);
      case INT16 -> out.writeVarint((Short) value);
      case INT32 -> out.writeVarint((Integer) value);
      case DATE -> out.writeVarint(ConnectValues.days(value));
      case TIME_MILLIS -> out.writeVarint(ConnectValues.millisOfDay(value));
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS ->
          out.writeVarint((Long) value);
      case TIMESTAMP_MILLIS -> out.writeVarint(ConnectValues.epochMillis(value));
      case BOOLEAN -> out.write((Boolean) value ? 1 : 0);
      case FLOAT32 -> out.writeIntLe(Float.floatToRawIntBits((Float) value));
      case FLOAT64 -> out.writeLongLe(Double.doubleToRawLongBits((Double) value));
      case STRING, UUID, JSON -> {
        int start = beginLength(out);
        out.writeUtf8((String) value);
        endLength(out, start);
      }
      case BYTES -> {
        byte[] bytes = ConnectValues.bytes(value);
        out.writeVarint(bytes.length);
        out.write(bytes, 0, bytes.length);
      }
      case DECIMAL -> {
        byte[] bytes = ConnectValues.unscaled((BigDecimal) value, node.scale).toByteArray();
        out.writeVarint(bytes.length);
        out.write(bytes, 0, bytes.length);
      }
      case STRUCT, INTERVAL -> {
        int start = beginLength(out);
        writeStruct(node, (Struct) value, out);
        endLength(out, start);
      }
      case ARRAY -> {
        int start = beginLength(out);
        writeList(node, (List<?>) value, out);
        endLength(out, start);
      }
      case MAP -> {
        int start = beginLength(out);
        writeMap(node, (Map<?, ?>) value, out);
        endLength(out, start);
      }
    }
  }

  private static void writeList(SchemaNode node, List<?> list, GrowableBytes out) {
    boolean wrapped = ProtoLayout.wrapsElements(node);
    for (Object item : list) {
      if (wrapped) {
        out.writeVarint((1 << 3) | WIRE_LEN);
        int start = beginLength(out);
        if (item != null) {
          writeSlot(1, node.element, item, out);
        }
        endLength(out, start);
      } else if (item == null) {
        throw new DataException("null element in an array whose elements are not optional");
      } else {
        writeSlot(1, node.element, item, out);
      }
    }
  }

  private static void writeMap(SchemaNode node, Map<?, ?> map, GrowableBytes out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.writeVarint((1 << 3) | WIRE_LEN);
      int start = beginLength(out);
      if (e.getKey() != null) {
        writeSlot(1, node.key(), e.getKey(), out);
      }
      if (e.getValue() != null) {
        writeSlot(2, node.value, e.getValue(), out);
      }
      endLength(out, start);
    }
  }

  /** Reserves one byte for a length and returns where the body starts. */
  private static int beginLength(GrowableBytes out) {
    out.write(0);
    return out.size();
  }

  /** Writes the body's length before it, moving the body if the length needs more than a byte. */
  private static void endLength(GrowableBytes out, int start) {
    out.patchLengthPrefix(start);
  }

  // ---- reading

  /** Reads a top-level record from {@code bytes[offset, limit)}. */
  public static Object readRoot(SchemaNode root, byte[] bytes, int offset, int limit) {
    Reader in = new Reader(bytes, offset);
    if (ProtoLayout.wrapsRoot(root)) {
      return readWrapped(root, in, limit);
    }
    return readStruct(root, in, limit);
  }

  private static Struct readStruct(SchemaNode node, Reader in, int limit) {
    Struct struct = new Struct(node.schema);
    while (in.pos < limit) {
      long tag = in.varint();
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (number >= 1 && number <= node.fields.length) {
        struct.put(node.fields[number - 1], readSlot(node.children[number - 1], wire, in));
      } else {
        in.skip(wire);
      }
    }
    return struct;
  }

  private static Object readWrapped(SchemaNode node, Reader in, int limit) {
    Object value = null;
    while (in.pos < limit) {
      long tag = in.varint();
      int wire = (int) (tag & 7);
      if ((tag >>> 3) == 1) {
        value = readSlot(node, wire, in);
      } else {
        in.skip(wire);
      }
    }
    return value;
  }

  private static Object readSlot(SchemaNode node, int wire, Reader in) {
    if (wire != ProtoLayout.wireType(node.kind)) {
      throw new DataException("wire type " + wire + " does not fit a " + node.kind + " field");
    }
    return switch (node.kind) {
      case INT8 -> (byte) in.varint();
      case INT16 -> (short) in.varint();
      case INT32 -> (int) in.varint();
      case DATE -> ConnectValues.dateOfDays((int) in.varint());
      case TIME_MILLIS -> ConnectValues.dateOfMillis((int) in.varint());
      case INT64, TIME_MICROS, TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS -> in.varint();
      case TIMESTAMP_MILLIS -> ConnectValues.dateOfMillis(in.varint());
      case BOOLEAN -> in.varint() != 0;
      case FLOAT32 -> Float.intBitsToFloat((int) in.fixed(4));
      case FLOAT64 -> Double.longBitsToDouble(in.fixed(8));
      case STRING, UUID, JSON -> {
        int length = (int) in.varint();
        String s = new String(in.bytes, in.pos, length, StandardCharsets.UTF_8);
        in.pos += length;
        yield s;
      }
      case BYTES -> in.lengthDelimited();
      case DECIMAL -> ConnectValues.decimal(new BigInteger(in.lengthDelimited()), node.scale);
      case STRUCT, INTERVAL -> {
        int limit = in.limit();
        yield readStruct(node, in, limit);
      }
      case ARRAY -> readList(node, in, in.limit());
      case MAP -> readMap(node, in, in.limit());
    };
  }

  private static List<Object> readList(SchemaNode node, Reader in, int limit) {
    boolean wrapped = ProtoLayout.wrapsElements(node);
    List<Object> list = new ArrayList<>();
    while (in.pos < limit) {
      long tag = in.varint();
      int wire = (int) (tag & 7);
      if ((tag >>> 3) != 1) {
        in.skip(wire);
      } else if (wrapped) {
        list.add(readWrapped(node.element, in, in.limit()));
      } else {
        list.add(readSlot(node.element, wire, in));
      }
    }
    return list;
  }

  private static Map<Object, Object> readMap(SchemaNode node, Reader in, int limit) {
    Map<Object, Object> map = new LinkedHashMap<>();
    while (in.pos < limit) {
      long tag = in.varint();
      int wire = (int) (tag & 7);
      if ((tag >>> 3) != 1) {
        in.skip(wire);
        continue;
      }
      int entryLimit = in.limit();
      Object key = null;
      Object value = null;
      while (in.pos < entryLimit) {
        long entryTag = in.varint();
        int entryWire = (int) (entryTag & 7);
        int number = (int) (entryTag >>> 3);
        if (number == 1) {
          key = readSlot(node.key(), entryWire, in);
        } else if (number == 2) {
          value = readSlot(node.value, entryWire, in);
        } else {
          in.skip(entryWire);
        }
      }
      map.put(key, value);
    }
    return map;
  }

  /** A cursor over protobuf bytes. */
  static final class Reader {
    final byte[] bytes;
    int pos;

    Reader(byte[] bytes, int pos) {
      this.bytes = bytes;
      this.pos = pos;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = bytes[pos++];
        result |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return result;
        }
      }
      throw new DataException("malformed varint at byte " + pos);
    }

    long fixed(int n) {
      long v = 0;
      for (int i = n - 1; i >= 0; i--) {
        v = (v << 8) | (bytes[pos + i] & 0xffL);
      }
      pos += n;
      return v;
    }

    /** Reads a length and returns where the nested message ends. */
    int limit() {
      int length = (int) varint();
      if (length < 0 || pos + length > bytes.length) {
        throw new DataException("length " + length + " runs past the payload");
      }
      return pos + length;
    }

    byte[] lengthDelimited() {
      int end = limit();
      byte[] out = java.util.Arrays.copyOfRange(bytes, pos, end);
      pos = end;
      return out;
    }

    void skip(int wire) {
      switch (wire) {
        case WIRE_VARINT -> varint();
        case WIRE_FIXED64 -> pos += 8;
        case WIRE_LEN -> pos = limit();
        case WIRE_FIXED32 -> pos += 4;
        default -> throw new DataException("unsupported wire type " + wire);
      }
    }
  }
}
