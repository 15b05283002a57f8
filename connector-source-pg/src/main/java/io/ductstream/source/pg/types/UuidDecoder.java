package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;

/** {@code uuid} to its lower-case canonical 8-4-4-4-12 string; binary is 16 bytes. */
final class UuidDecoder extends TextFormDecoder {
  static final UuidDecoder INSTANCE = new UuidDecoder();

  private UuidDecoder() {
    super(SemanticTypes.uuid().optional().build());
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    char[] out = new char[36];
    int n = 0;
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        out[n++] = '-';
      }
      n = Hex.lower(out, n, buf.get(offset + i));
    }
    return new String(out);
  }
}
