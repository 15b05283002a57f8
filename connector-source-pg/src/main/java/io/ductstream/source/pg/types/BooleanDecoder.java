package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code boolean}: one byte 0/1 in binary, {@code t}/{@code f} in text. */
final class BooleanDecoder implements ValueDecoder {
  static final BooleanDecoder INSTANCE = new BooleanDecoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_BOOLEAN_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return buf.get(offset) != 0 ? Boolean.TRUE : Boolean.FALSE;
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    byte b = buf.get(offset);
    if (length == 1 && (b == 't' || b == 'f')) {
      return b == 't' ? Boolean.TRUE : Boolean.FALSE;
    }
    throw TextBytes.malformed("boolean", buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
