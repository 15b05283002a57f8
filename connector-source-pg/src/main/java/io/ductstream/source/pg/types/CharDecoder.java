package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code "char"}, the one-byte internal type: binary is the raw byte; text is what {@code charout}
 * prints (empty for 0, {@code \ooo} octal for bytes with the high bit set). Binary bytes map to
 * that same text so both modes agree.
 */
final class CharDecoder implements ValueDecoder {
  static final CharDecoder INSTANCE = new CharDecoder();
  private static final String[] TEXT = new String[256];

  static {
    TEXT[0] = "";
    for (int b = 1; b < 256; b++) {
      TEXT[b] =
          b < 128
              ? String.valueOf((char) b)
              : "\\"
                  + (char) ('0' + (b >> 6))
                  + (char) ('0' + ((b >> 3) & 7))
                  + (char) ('0' + (b & 7));
    }
  }

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_STRING_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return length == 0 ? TEXT[0] : TEXT[buf.get(offset) & 0xff];
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return length == 1 ? TEXT[buf.get(offset) & 0xff] : TextBytes.utf8(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return true;
  }
}
