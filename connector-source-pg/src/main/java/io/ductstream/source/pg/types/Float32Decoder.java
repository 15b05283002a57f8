package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code real} (float4) to FLOAT32 / Float; NaN and ±Infinity kept. */
final class Float32Decoder implements ValueDecoder {
  static final Float32Decoder INSTANCE = new Float32Decoder();

  @Override
  public Schema schema() {
    return Schema.OPTIONAL_FLOAT32_SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return buf.getFloat(offset);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    // Postgres prints the shortest exact form (extra_float_digits > 0), "NaN", "Infinity" and
    // "-Infinity": all of them parse back to the same float. Binary mode avoids this String.
    return Float.parseFloat(TextBytes.utf8(buf, offset, length));
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
