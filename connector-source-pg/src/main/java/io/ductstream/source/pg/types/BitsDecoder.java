package io.ductstream.source.pg.types;

import io.ductstream.schema.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code bit(n)} and {@code varbit} to one '0'/'1' per bit; binary is int32 bit count + bytes. */
final class BitsDecoder implements ValueDecoder {
  static final BitsDecoder INSTANCE = new BitsDecoder();
  private static final Schema SCHEMA = SemanticTypes.bits().optional().build();

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    int bits = buf.getInt(offset);
    byte[] out = new byte[bits];
    for (int i = 0; i < bits; i++) {
      int b = buf.get(offset + 4 + (i >> 3));
      out[i] = (byte) ((b >> (7 - (i & 7)) & 1) == 0 ? '0' : '1');
    }
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return TextBytes.utf8(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return true;
  }
}
