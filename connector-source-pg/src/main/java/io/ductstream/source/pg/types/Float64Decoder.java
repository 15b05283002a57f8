package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code double precision} (float8) to FLOAT64 / Double; NaN and ±Infinity kept. */
final class Float64Decoder implements ValueDecoder {
  static final Float64Decoder INSTANCE = new Float64Decoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_FLOAT64_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return buf.getDouble(offset);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    // Shortest exact form with extra_float_digits > 0; binary mode avoids this String.
    return Double.parseDouble(TextBytes.utf8(buf, offset, length));
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
