package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;

/**
 * Parses the date/time text Postgres prints with DateStyle=ISO: {@code 2024-01-02}, {@code
 * 0001-01-01 BC}, {@code 2024-01-02 03:04:05.123456+05:45}, {@code 24:00:00}. Dates are proleptic
 * Gregorian, as in Postgres; year 1 BC is astronomical year 0.
 */
final class DateTimeText {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final String BC = " BC";
  private static final int[] FRACTION_SCALE = {1, 100_000, 10_000, 1_000, 100, 10, 1};

  private DateTimeText() {}

  /** Days since 1970-01-01 of a date; the caller handles {@code infinity}. */
  static long epochDays(ByteBuffer buf, int offset, int length) {
    boolean bc = endsWithBc(buf, offset, length);
    int end = bc ? offset + length - BC.length() : offset + length;
    int dash = TextBytes.indexOf(buf, offset, end, '-');
    if (dash == offset || dash + 6 != end) {
      throw TextBytes.malformed("date", buf, offset, length);
    }
    return dateDays(buf, offset, dash, bc);
  }

  /**
   * Microseconds since 1970-01-01 00:00 of a timestamp, minus the UTC offset when the text has one
   * (timestamptz); the caller handles {@code infinity}.
   */
  static long epochMicros(ByteBuffer buf, int offset, int length) {
    boolean bc = endsWithBc(buf, offset, length);
    int end = bc ? offset + length - BC.length() : offset + length;
    int dash = TextBytes.indexOf(buf, offset, end, '-');
    int p = dash + 6;
    if (dash == offset || p >= end || buf.get(p) != ' ') {
      throw TextBytes.malformed("timestamp", buf, offset, length);
    }
    long days = dateDays(buf, offset, dash, bc);
    long timeOfDay = timeMicros(buf, p + 1, end, offset, length);
    int zoneStart = timeEnd(buf, p + 1, end);
    long zoneSeconds = zoneStart < end ? zoneSecondsEast(buf, zoneStart, end, offset, length) : 0;
    return days * MICROS_PER_DAY + timeOfDay - zoneSeconds * MICROS_PER_SECOND;
  }

  /** Microseconds since midnight of {@code HH:MM:SS[.ffffff]}, ignoring anything after it. */
  static long timeMicros(ByteBuffer buf, int from, int end, int offset, int length) {
    if (end - from < 8 || buf.get(from + 2) != ':' || buf.get(from + 5) != ':') {
      throw TextBytes.malformed("time", buf, offset, length);
    }
    long seconds =
        TextBytes.digits(buf, from, 2) * 3600L
            + TextBytes.digits(buf, from + 3, 2) * 60L
            + TextBytes.digits(buf, from + 6, 2);
    return seconds * MICROS_PER_SECOND + fractionMicros(buf, from + 8, end);
  }

  /** Microseconds of an optional {@code .f{1,6}} at {@code at}. */
  static long fractionMicros(ByteBuffer buf, int at, int end) {
    if (at >= end || buf.get(at) != '.') {
      return 0;
    }
    int digitsEnd = at + 1;
    while (digitsEnd < end && digitsEnd - at <= 6 && TextBytes.isDigit(buf.get(digitsEnd))) {
      digitsEnd++;
    }
    int count = digitsEnd - at - 1;
    return (long) TextBytes.digits(buf, at + 1, count) * FRACTION_SCALE[count];
  }

  /** Index just past {@code HH:MM:SS[.ffffff]} starting at {@code from}. */
  static int timeEnd(ByteBuffer buf, int from, int end) {
    int p = from + 8;
    if (p < end && buf.get(p) == '.') {
      p++;
      while (p < end && TextBytes.isDigit(buf.get(p))) {
        p++;
      }
    }
    return p;
  }

  /** Seconds east of UTC of {@code ±HH[:MM[:SS]]} filling [from, end). */
  static long zoneSecondsEast(ByteBuffer buf, int from, int end, int offset, int length) {
    byte sign = buf.get(from);
    int n = end - from;
    if ((sign != '+' && sign != '-') || (n != 3 && n != 6 && n != 9)) {
      throw TextBytes.malformed("time zone offset", buf, offset, length);
    }
    long seconds = TextBytes.digits(buf, from + 1, 2) * 3600L;
    if (n >= 6) {
      seconds += TextBytes.digits(buf, from + 4, 2) * 60L;
    }
    if (n == 9) {
      seconds += TextBytes.digits(buf, from + 7, 2);
    }
    return sign == '-' ? -seconds : seconds;
  }

  /** Days since 1970-01-01 of the proleptic Gregorian date (astronomical year). */
  static long daysFromCivil(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static long dateDays(ByteBuffer buf, int offset, int dash, boolean bc) {
    long year = TextBytes.digits(buf, offset, dash - offset);
    int month = TextBytes.digits(buf, dash + 1, 2);
    int day = TextBytes.digits(buf, dash + 4, 2);
    return daysFromCivil(bc ? 1 - year : year, month, day);
  }

  private static boolean endsWithBc(ByteBuffer buf, int offset, int length) {
    return length > BC.length()
        && buf.get(offset + length - 3) == ' '
        && buf.get(offset + length - 2) == 'B'
        && buf.get(offset + length - 1) == 'C';
  }
}
