package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/** {@code time} to INT64 microseconds since midnight; {@code 24:00:00} is 86,400,000,000. */
final class TimeDecoder implements ValueDecoder {
  static final TimeDecoder INSTANCE = new TimeDecoder();
  private static final Schema SCHEMA = SemanticTypes.timeMicros().optional().build();

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return buf.getLong(offset);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    int end = offset + length;
    if (DateTimeText.timeEnd(buf, offset, end) != end) {
      throw TextBytes.malformed("time", buf, offset, length);
    }
    return DateTimeText.timeMicros(buf, offset, end, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
