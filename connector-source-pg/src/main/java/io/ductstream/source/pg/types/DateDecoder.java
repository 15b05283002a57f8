package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code date} to Connect Date (java.util.Date at UTC midnight). Binary is int32 days since
 * 2000-01-01. {@code infinity}/{@code -infinity} (Integer.MAX_VALUE/MIN_VALUE on the wire) become
 * {@link SemanticTypes#DATE_INFINITY_DAYS}/{@link SemanticTypes#DATE_NEGATIVE_INFINITY_DAYS} days,
 * DuckDB's encoding; every finite Postgres date (4713 BC to 5874897 AD) fits between them.
 */
final class DateDecoder implements ValueDecoder {
  static final DateDecoder INSTANCE = new DateDecoder();
  private static final Schema SCHEMA =
      org.apache.kafka.connect.data.Date.builder().optional().build();
  private static final int POSTGRES_EPOCH_DAYS = 10_957;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    int days = buf.getInt(offset);
    if (days == Integer.MAX_VALUE) {
      return toDate(SemanticTypes.DATE_INFINITY_DAYS);
    }
    if (days == Integer.MIN_VALUE) {
      return toDate(SemanticTypes.DATE_NEGATIVE_INFINITY_DAYS);
    }
    return toDate(days + (long) POSTGRES_EPOCH_DAYS);
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "infinity")) {
      return toDate(SemanticTypes.DATE_INFINITY_DAYS);
    }
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "-infinity")) {
      return toDate(SemanticTypes.DATE_NEGATIVE_INFINITY_DAYS);
    }
    return toDate(DateTimeText.epochDays(buf, offset, length));
  }

  private static Date toDate(long epochDays) {
    return new Date(epochDays * MILLIS_PER_DAY);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
