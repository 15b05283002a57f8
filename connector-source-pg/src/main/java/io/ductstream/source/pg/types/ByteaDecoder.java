package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code bytea} to BYTES / byte[]: raw in binary, {@code \x} hex (bytea_output=hex) in text. */
final class ByteaDecoder implements ValueDecoder {
  static final ByteaDecoder INSTANCE = new ByteaDecoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_BYTES_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    byte[] bytes = new byte[length];
    buf.get(offset, bytes);
    return bytes;
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    if (length < 2 || buf.get(offset) != '\\' || buf.get(offset + 1) != 'x' || (length & 1) != 0) {
      throw TextBytes.malformed("bytea (expected bytea_output=hex)", buf, offset, length);
    }
    byte[] bytes = new byte[(length - 2) / 2];
    for (int i = 0, p = offset + 2; i < bytes.length; i++, p += 2) {
      bytes[i] = (byte) (hex(buf, p, offset, length) << 4 | hex(buf, p + 1, offset, length));
    }
    return bytes;
  }

  private static int hex(ByteBuffer buf, int at, int offset, int length) {
    int c = buf.get(at);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw TextBytes.malformed("bytea", buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return true;
  }
}
