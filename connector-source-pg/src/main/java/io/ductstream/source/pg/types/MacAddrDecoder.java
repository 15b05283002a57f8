package io.ductstream.source.pg.types;

import io.ductstream.schema.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code macaddr} (6 bytes) and {@code macaddr8} (8 bytes) to {@code 08:00:2b:01:02:03}. */
final class MacAddrDecoder implements ValueDecoder {
  static final MacAddrDecoder INSTANCE = new MacAddrDecoder();
  private static final Schema SCHEMA = SemanticTypes.macaddr().optional().build();

  @Override
  public Schema schema() {
    return SCHEMA;
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

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return TextBytes.utf8(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return true;
  }
}
