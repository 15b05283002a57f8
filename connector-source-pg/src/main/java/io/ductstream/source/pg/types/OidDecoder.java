package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code oid}, an unsigned 32-bit number, to INT64 / Long. */
final class OidDecoder implements ValueDecoder {
  static final OidDecoder INSTANCE = new OidDecoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_INT64_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return Integer.toUnsignedLong(buf.getInt(offset));
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
