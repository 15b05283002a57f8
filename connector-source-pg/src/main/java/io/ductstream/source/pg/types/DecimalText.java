package io.ductstream.source.pg.types;

import java.math.BigDecimal;
import java.nio.ByteBuffer;

/** Parses the plain decimal text {@code numeric_out} and {@code cash_out} print. */
final class DecimalText {
  private static final int LONG_SAFE_DIGITS = 18;

  private DecimalText() {}

  /** {@code [-]digits[.digits]} to a BigDecimal whose scale is the number of fraction digits. */
  static BigDecimal parse(ByteBuffer buf, int offset, int length) {
    int end = offset + length;
    int i = offset;
    boolean negative = false;
    if (i < end && (buf.get(i) == '-' || buf.get(i) == '+')) {
      negative = buf.get(i) == '-';
      i++;
    }
    long unscaled = 0;
    int digits = 0;
    int scale = 0;
    boolean point = false;
    for (; i < end; i++) {
      byte b = buf.get(i);
      if (b == '.' && !point) {
        point = true;
      } else if (TextBytes.isDigit(b)) {
        unscaled = unscaled * 10 + (b - '0');
        digits++;
        if (point) {
          scale++;
        }
      } else {
        throw TextBytes.malformed("numeric", buf, offset, length);
      }
    }
    if (digits == 0) {
      throw TextBytes.malformed("numeric", buf, offset, length);
    }
    if (digits > LONG_SAFE_DIGITS) {
      return new BigDecimal(TextBytes.utf8(buf, offset, length));
    }
    return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
  }
}
