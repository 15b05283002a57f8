package io.ductstream.source.pg.types;

import io.ductstream.contract.envelope.SemanticTypes;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;

/**
 * {@code timetz} to the string {@code HH:MM:SS[.ffffff]+HH[:MM[:SS]]}, exactly as {@code
 * timetz_out} prints it. Binary is int64 µs since midnight and int32 zone offset in seconds WEST of
 * UTC.
 */
final class TimeTzDecoder implements ValueDecoder {
  static final TimeTzDecoder INSTANCE = new TimeTzDecoder();
  private static final Schema SCHEMA = SemanticTypes.timeTz().optional().build();

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public Object decodeBinary(ByteBuffer buf, int offset, int length) {
    return format(buf.getLong(offset), buf.getInt(offset + 8));
  }

  @Override
  public Object decodeText(ByteBuffer buf, int offset, int length) {
    return TextBytes.utf8(buf, offset, length);
  }

  /**
   * timetz_out's form: fraction without trailing zeros; zone minutes/seconds only when non-zero.
   */
  static String format(long micros, int zoneSecondsWest) {
    char[] out = new char[32];
    long seconds = micros / DateTimeText.MICROS_PER_SECOND;
    int n = two(out, 0, (int) (seconds / 3600));
    out[n++] = ':';
    n = two(out, n, (int) (seconds / 60 % 60));
    out[n++] = ':';
    n = two(out, n, (int) (seconds % 60));
    int fraction = (int) (micros % DateTimeText.MICROS_PER_SECOND);
    if (fraction != 0) {
      out[n++] = '.';
      for (int div = 100_000; div > 0 && fraction != 0; div /= 10) {
        out[n++] = (char) ('0' + fraction / div);
        fraction %= div;
      }
    }
    // Seconds west of UTC: Postgres prints '+' for zero and for zones east of UTC.
    int east = -zoneSecondsWest;
    out[n++] = east >= 0 ? '+' : '-';
    int abs = Math.abs(east);
    n = two(out, n, abs / 3600);
    if (abs % 3600 != 0) {
      out[n++] = ':';
      n = two(out, n, abs / 60 % 60);
      if (abs % 60 != 0) {
        out[n++] = ':';
        n = two(out, n, abs % 60);
      }
    }
    return new String(out, 0, n);
  }

  private static int two(char[] out, int at, int value) {
    out[at] = (char) ('0' + value / 10);
    out[at + 1] = (char) ('0' + value % 10);
    return at + 2;
  }

  @Override
  public boolean takesPlaceholder() {
    return true;
  }
}
