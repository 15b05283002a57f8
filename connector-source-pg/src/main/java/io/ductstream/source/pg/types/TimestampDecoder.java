package io.ductstream.source.pg.types;

import io.ductstream.schema.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code timestamp} and {@code timestamptz} to INT64 microseconds since 1970-01-01 (UTC for
 * timestamptz). Binary is int64 µs since 2000-01-01; infinities are Long.MAX_VALUE/MIN_VALUE.
 */
final class TimestampDecoder implements ValueDecoder {
  static final TimestampDecoder WITHOUT_ZONE =
      new TimestampDecoder(SemanticTypes.timestampMicros().optional().build());
  static final TimestampDecoder WITH_ZONE =
      new TimestampDecoder(SemanticTypes.timestampTzMicros().optional().build());

  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private final Schema schema;

  private TimestampDecoder(Schema schema) {
    this.schema = schema;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    long micros = buf.getLong(offset);
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return micros;
    }
    return micros + POSTGRES_EPOCH_MICROS;
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "infinity")) {
      return Long.MAX_VALUE;
    }
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "-infinity")) {
      return Long.MIN_VALUE;
    }
    return DateTimeText.epochMicros(buf, offset, length);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
