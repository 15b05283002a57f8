package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code bigint} (int8) to INT64 / Long. */
final class Int64Decoder implements ValueDecoder {
  static final Int64Decoder INSTANCE = new Int64Decoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_INT64_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return buf.getLong(offset);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return TextBytes.parseLong(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
