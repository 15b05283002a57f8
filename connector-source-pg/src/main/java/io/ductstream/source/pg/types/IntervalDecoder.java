package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * {@code interval} to the struct {@code {months, days, micros}}, the three parts Postgres keeps.
 * Binary is int64 µs, int32 days, int32 months; text is IntervalStyle=postgres ({@code 1 year 2
 * mons -3 days +04:05:06.5}). Postgres 17's infinite intervals are all-MAX / all-MIN.
 */
final class IntervalDecoder implements ValueDecoder {
  static final IntervalDecoder INSTANCE = new IntervalDecoder();
  private static final Schema SCHEMA = SemanticTypes.interval().optional().build();

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return struct(buf.getInt(offset + 12), buf.getInt(offset + 8), buf.getLong(offset));
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "infinity")) {
      return struct(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
    }
    if (TextBytes.equalsIgnoreCase(buf, offset, length, "-infinity")) {
      return struct(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE);
    }
    int end = offset + length;
    long months = 0;
    long days = 0;
    long micros = 0;
    int p = offset;
    while (p < end) {
      int tokenEnd = TextBytes.indexOf(buf, p, end, ' ');
      if (TextBytes.indexOf(buf, p, tokenEnd, ':') < tokenEnd) {
        micros = timeMicros(buf, p, tokenEnd, offset, length);
        p = tokenEnd + 1;
        continue;
      }
      long number = TextBytes.parseLong(buf, p, tokenEnd - p);
      int unit = tokenEnd + 1;
      int unitEnd = TextBytes.indexOf(buf, unit, end, ' ');
      if (TextBytes.startsWith(buf, unit, unitEnd - unit, "year")) {
        months += number * 12;
      } else if (TextBytes.startsWith(buf, unit, unitEnd - unit, "mon")) {
        months += number;
      } else if (TextBytes.startsWith(buf, unit, unitEnd - unit, "day")) {
        days += number;
      } else {
        throw TextBytes.malformed(
            "interval (expected IntervalStyle=postgres)", buf, offset, length);
      }
      p = unitEnd + 1;
    }
    return struct((int) months, (int) days, micros);
  }

  /** {@code [+-]H+:MM:SS[.ffffff]}; each part is signed so that the minimum does not overflow. */
  private static long timeMicros(ByteBuffer buf, int from, int to, int offset, int length) {
    byte first = buf.get(from);
    long sign = first == '-' ? -1 : 1;
    int p = first == '-' || first == '+' ? from + 1 : from;
    int colon = TextBytes.indexOf(buf, p, to, ':');
    if (colon == p || colon + 6 > to || buf.get(colon + 3) != ':') {
      throw TextBytes.malformed("interval", buf, offset, length);
    }
    long hours = TextBytes.parseLong(buf, p, colon - p);
    long minutes = TextBytes.digits(buf, colon + 1, 2);
    long seconds = TextBytes.digits(buf, colon + 4, 2);
    long fraction = DateTimeText.fractionMicros(buf, colon + 6, to);
    return sign * hours * 3_600_000_000L
        + sign * minutes * 60_000_000L
        + sign * seconds * DateTimeText.MICROS_PER_SECOND
        + sign * fraction;
  }

  private static Struct struct(int months, int days, long micros) {
    return new Struct(SCHEMA)
        .put(SemanticTypes.INTERVAL_MONTHS, months)
        .put(SemanticTypes.INTERVAL_DAYS, days)
        .put(SemanticTypes.INTERVAL_MICROS, micros);
  }

  @Override
  public boolean takesPlaceholder() {
    return false;
  }
}
