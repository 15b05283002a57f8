package io.ductstream.contract.pg;

import java.util.Optional;

/**
 * A position in Postgres' write-ahead log, as one unsigned 64-bit number, written the way Postgres
 * prints it ({@code 16/B374D848}: the high and the low 32 bits in hexadecimal). Every LSN a user
 * types (a connector's {@code start.lsn}, a flow's or worker's start position, a checkpoint) is
 * read by {@link #parse}, so they all accept and refuse the same text.
 */
public record Lsn(long value) implements Comparable<Lsn> {
  /** What an error about a malformed LSN asks for. */
  public static final String EXPECTED = "an LSN as Postgres prints it, such as 0/16B3748";

  /**
   * Reads an LSN as {@code pg_lsn} input does: two groups of one to eight hexadecimal digits
   * separated by one slash, with no sign or spaces inside.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static Lsn parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" is not " + EXPECTED));
  }

  /** {@link #parse}, or empty when the text is not an LSN (null included). */
  public static Optional<Lsn> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8) {
      return Optional.empty();
    }
    long high = hex(text, 0, slash);
    long low = hex(text, slash + 1, text.length());
    if (high < 0 || low < 0) {
      return Optional.empty();
    }
    return Optional.of(new Lsn(high << 32 | low));
  }

  /** Whether {@link #parse} accepts the text. */
  public static boolean isLsn(String text) {
    return tryParse(text).isPresent();
  }

  /** Postgres' text form of an LSN held as a long. */
  public static String format(long value) {
    return Long.toHexString(value >>> 32).toUpperCase()
        + "/"
        + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return format(value);
  }

  /** The value of the hexadecimal digits in [from, to), or -1 when one is not a digit. */
  private static long hex(String text, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? Character.digit(c, 16) : -1;
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }
}
