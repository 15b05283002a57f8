package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code integer} (int4) to INT32 / Integer. */
final class Int32Decoder implements ValueDecoder {
  static final Int32Decoder INSTANCE = new Int32Decoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_INT32_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return buf.getInt(offset);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return (int) TextBytes.parseLong(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
