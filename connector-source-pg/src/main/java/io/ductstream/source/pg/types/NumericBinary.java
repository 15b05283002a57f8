package io.ductstream.source.pg.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * Postgres' binary numeric ({@code numeric_send}): int16 ndigits, int16 weight, uint16 sign, int16
 * dscale, then ndigits base-10000 digits, the first worth 10000^weight. Built with long and
 * BigInteger arithmetic, no text in between.
 */
final class NumericBinary {
  static final int POSITIVE = 0x0000;
  static final int NEGATIVE = 0x4000;
  static final int NAN = 0xC000;
  static final int POSITIVE_INFINITY = 0xD000;
  static final int NEGATIVE_INFINITY = 0xF000;

  private static final BigInteger TEN_THOUSAND_POW_4 = BigInteger.valueOf(10_000_0000_0000_0000L);
  private static final BigInteger[] TEN_THOUSAND_POW = {
    BigInteger.ONE,
    BigInteger.valueOf(10_000L),
    BigInteger.valueOf(10_000_0000L),
    BigInteger.valueOf(10_000_0000_0000L)
  };

  private NumericBinary() {}

  /** The sign word: {@link #POSITIVE}, {@link #NEGATIVE}, {@link #NAN} or an infinity. */
  static int sign(ByteBuffer buf, int offset) {
    return buf.getShort(offset + 4) & 0xffff;
  }

  /** Whether the value is NaN or an infinity (no BigDecimal for it). */
  static boolean isSpecial(int sign) {
    return sign != POSITIVE && sign != NEGATIVE;
  }

  /** The text Postgres prints for a special value. */
  static String specialText(int sign) {
    switch (sign) {
      case NAN:
        return "NaN";
      case POSITIVE_INFINITY:
        return "Infinity";
      case NEGATIVE_INFINITY:
        return "-Infinity";
      default:
        throw new IllegalArgumentException(
            "not a special numeric sign: 0x" + Integer.toHexString(sign));
    }
  }

  /** A finite value, with scale = its display scale (dscale), exactly as Postgres prints it. */
  static BigDecimal toBigDecimal(ByteBuffer buf, int offset) {
    int ndigits = buf.getShort(offset);
    int weight = buf.getShort(offset + 2);
    boolean negative = sign(buf, offset) == NEGATIVE;
    int dscale = buf.getShort(offset + 6) & 0x3fff;
    if (ndigits == 0) {
      return BigDecimal.valueOf(0, dscale);
    }
    // All digits as one integer, then place the point: the last digit is worth 10000^(weight-n+1).
    int scale = 4 * (ndigits - 1 - weight);
    int p = offset + 8;
    BigDecimal value;
    if (ndigits <= 4) {
      long unscaled = 0;
      for (int i = 0; i < ndigits; i++, p += 2) {
        unscaled = unscaled * 10_000 + buf.getShort(p);
      }
      value = BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    } else {
      BigInteger unscaled = BigInteger.ZERO;
      long chunk = 0;
      int inChunk = 0;
      for (int i = 0; i < ndigits; i++, p += 2) {
        chunk = chunk * 10_000 + buf.getShort(p);
        if (++inChunk == 4) {
          unscaled = unscaled.multiply(TEN_THOUSAND_POW_4).add(BigInteger.valueOf(chunk));
          chunk = 0;
          inChunk = 0;
        }
      }
      if (inChunk > 0) {
        unscaled = unscaled.multiply(TEN_THOUSAND_POW[inChunk]).add(BigInteger.valueOf(chunk));
      }
      value = new BigDecimal(negative ? unscaled.negate() : unscaled, scale);
    }
    // Digits past dscale are zero (Postgres rounds to dscale), so this never rounds.
    return value.setScale(dscale, RoundingMode.UNNECESSARY);
  }
}
