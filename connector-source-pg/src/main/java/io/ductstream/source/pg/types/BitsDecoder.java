package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;

/** {@code bit(n)} and {@code varbit} to one '0'/'1' per bit; binary is int32 bit count + bytes. */
final class BitsDecoder extends TextFormDecoder {
  static final BitsDecoder INSTANCE = new BitsDecoder();

  private BitsDecoder() {
    super(SemanticTypes.bits().optional().build());
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
}
