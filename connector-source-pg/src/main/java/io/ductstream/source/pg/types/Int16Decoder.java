package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code smallint} (int2) to INT16 / Short. */
final class Int16Decoder implements ValueDecoder {
  static final Int16Decoder INSTANCE = new Int16Decoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_INT16_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return buf.getShort(offset);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return (short) TextBytes.parseLong(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
