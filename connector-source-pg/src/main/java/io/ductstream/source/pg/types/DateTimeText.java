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
  private static final long POSTGRES_EPOCH_DAYS = 10_957;
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
    // Postgres' last years do not fit: fail loudly (the caller carries the text) rather than wrap.
    return Math.subtractExact(
        Math.addExact(Math.multiplyExact(days, MICROS_PER_DAY), timeOfDay),
        zoneSeconds * MICROS_PER_SECOND);
  }

  /**
   * The text Postgres prints (DateStyle=ISO, TimeZone=UTC) for a timestamp given as µs since
   * 2000-01-01: {@code 294276-12-31 23:59:59.999999}, {@code +00} appended for timestamptz.
   */
  static String timestampText(long micros2000, boolean withZone) {
    long days = Math.floorDiv(micros2000, MICROS_PER_DAY) + POSTGRES_EPOCH_DAYS;
    long micros = Math.floorMod(micros2000, MICROS_PER_DAY);
    StringBuilder text = new StringBuilder(40);
    long[] civil = civilFromDays(days);
    long year = civil[0];
    boolean bc = year <= 0;
    long shownYear = bc ? 1 - year : year;
    String yearText = Long.toString(shownYear);
    text.append("0".repeat(Math.max(0, 4 - yearText.length()))).append(yearText);
    text.append('-');
    twoDigits(text, civil[1]).append('-');
    twoDigits(text, civil[2]).append(' ');
    long seconds = micros / MICROS_PER_SECOND;
    twoDigits(text, seconds / 3600).append(':');
    twoDigits(text, seconds / 60 % 60).append(':');
    twoDigits(text, seconds % 60);
    long fraction = micros % MICROS_PER_SECOND;
    if (fraction != 0) {
      String digits = Long.toString(fraction + MICROS_PER_SECOND).substring(1);
      int last = digits.length();
      while (digits.charAt(last - 1) == '0') {
        last--;
      }
      text.append('.').append(digits, 0, last);
    }
    if (withZone) {
      text.append("+00");
    }
    if (bc) {
      text.append(BC);
    }
    return text.toString();
  }

  private static StringBuilder twoDigits(StringBuilder text, long value) {
    if (value < 10) {
      text.append('0');
    }
    return text.append(value);
  }

  /** {year (astronomical), month, day} of a day count since 1970-01-01, proleptic Gregorian. */
  static long[] civilFromDays(long epochDays) {
    long z = epochDays + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return new long[] {year, month, day};
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
