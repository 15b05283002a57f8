package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;

/** {@code macaddr} (6 bytes) and {@code macaddr8} (8 bytes) to {@code 08:00:2b:01:02:03}. */
final class MacAddrDecoder extends TextFormDecoder {
  static final MacAddrDecoder INSTANCE = new MacAddrDecoder();

  private MacAddrDecoder() {
    super(SemanticTypes.macaddr().optional().build());
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    char[] out = new char[length * 3 - 1];
    int n = 0;
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        out[n++] = ':';
      }
      n = Hex.lower(out, n, buf.get(offset + i));
    }
    return new String(out);
  }
}
