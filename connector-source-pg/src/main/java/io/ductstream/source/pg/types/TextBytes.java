package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.DataException;

/** Allocation-free reads of ASCII numbers and words from a byte range, and UTF-8 strings. */
final class TextBytes {
  private TextBytes() {}

  /**
   * The range as a UTF-8 string, copying once (straight from the backing array when there is one).
   */
  static String utf8(ByteBuffer buf, int offset, int length) {
    if (buf.hasArray()) {
      return new String(buf.array(), buf.arrayOffset() + offset, length, StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[length];
    buf.get(offset, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Whether the range equals {@code word} (ASCII, case-insensitive). */
  static boolean equalsIgnoreCase(ByteBuffer buf, int offset, int length, String word) {
    if (length != word.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int c = buf.get(offset + i) & 0xff;
      int w = word.charAt(i);
      if (c != w && (c | 0x20) != (w | 0x20)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the range starts with {@code prefix} (ASCII, exact). */
  static boolean startsWith(ByteBuffer buf, int offset, int length, String prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (buf.get(offset + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A signed decimal long filling the whole range (optional leading '+' or '-'). */
  static long parseLong(ByteBuffer buf, int offset, int length) {
    int i = offset;
    int end = offset + length;
    boolean negative = false;
    if (i < end && (buf.get(i) == '-' || buf.get(i) == '+')) {
      negative = buf.get(i) == '-';
      i++;
    }
    if (i == end) {
      throw malformed("integer", buf, offset, length);
    }
    // Accumulate negatively so that Long.MIN_VALUE parses without overflow.
    long acc = 0;
    for (; i < end; i++) {
      int d = buf.get(i) - '0';
      if (d < 0 || d > 9 || acc < (Long.MIN_VALUE + d) / 10) {
        throw malformed("integer", buf, offset, length);
      }
      acc = acc * 10 - d;
    }
    if (!negative) {
      if (acc == Long.MIN_VALUE) {
        throw malformed("integer", buf, offset, length);
      }
      return -acc;
    }
    return acc;
  }

  /** An unsigned decimal of exactly {@code digits} digits at {@code offset}. */
  static int digits(ByteBuffer buf, int offset, int digits) {
    int value = 0;
    for (int i = 0; i < digits; i++) {
      int d = buf.get(offset + i) - '0';
      if (d < 0 || d > 9) {
        throw malformed("number", buf, offset, digits);
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** Index of the first byte equal to {@code b} in [from, end), or {@code end}. */
  static int indexOf(ByteBuffer buf, int from, int end, char b) {
    for (int i = from; i < end; i++) {
      if (buf.get(i) == b) {
        return i;
      }
    }
    return end;
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  static DataException malformed(String what, ByteBuffer buf, int offset, int length) {
    int shown = Math.min(length, 64);
    return new DataException(
        "malformed "
            + what
            + " text from Postgres: '"
            + utf8(buf, offset, shown)
            + (shown < length ? "...'" : "'")
            + "; the replication session must use TypeRegistry.SESSION_SETTINGS");
  }
}
