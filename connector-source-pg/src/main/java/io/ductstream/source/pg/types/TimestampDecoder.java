package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code timestamp} and {@code timestamptz} to INT64 microseconds since 1970-01-01 (UTC for
 * timestamptz). Binary is int64 µs since 2000-01-01. {@code infinity}/{@code -infinity} are {@link
 * SemanticTypes#TIMESTAMP_INFINITY}/{@link SemanticTypes#TIMESTAMP_NEGATIVE_INFINITY}, DuckDB's
 * encoding. Postgres' last 30 years (294247-01-10 04:00:54.775807 to 294276-12-31) do not fit in
 * int64 µs since 1970: such a value is an {@link OverflowValue} holding its ISO text, never
 * wrapped.
 */
final class TimestampDecoder implements ValueDecoder {
  static final TimestampDecoder WITHOUT_ZONE =
      new TimestampDecoder(SemanticTypes.timestampMicros().optional().build(), false);
  static final TimestampDecoder WITH_ZONE =
      new TimestampDecoder(SemanticTypes.timestampTzMicros().optional().build(), true);

  static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  /** The largest µs since 2000 whose µs since 1970 is finite and below {@code infinity}. */
  private static final long MAX_FITTING_MICROS =
      SemanticTypes.TIMESTAMP_INFINITY - 1 - POSTGRES_EPOCH_MICROS;

  private final Schema schema;
  private final boolean withZone;

  private TimestampDecoder(Schema schema, boolean withZone) {
    this.schema = schema;
    this.withZone = withZone;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    long micros = buf.getLong(offset);
    if (micros == Long.MAX_VALUE) {
      return SemanticTypes.TIMESTAMP_INFINITY;
    }
    if (micros == Long.MIN_VALUE) {
      return SemanticTypes.TIMESTAMP_NEGATIVE_INFINITY;
    }
    if (micros > MAX_FITTING_MICROS) {
      return new OverflowValue(null, DateTimeText.timestampText(micros, withZone));
    }
    return micros + POSTGRES_EPOCH_MICROS;
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "infinity")) {
      return SemanticTypes.TIMESTAMP_INFINITY;
    }
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "-infinity")) {
      return SemanticTypes.TIMESTAMP_NEGATIVE_INFINITY;
    }
    long micros;
    try {
      micros = DateTimeText.epochMicros(buf, offset, length);
    } catch (ArithmeticException e) {
      return new OverflowValue(null, TextBytes.utf8(buf, offset, length));
    }
    if (micros == SemanticTypes.TIMESTAMP_INFINITY) {
      return new OverflowValue(null, TextBytes.utf8(buf, offset, length));
    }
    return micros;
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
