package io.ductstream.source.pg.types;

/** Lower-case hex digits into a char array. */
final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Writes the byte's two digits at {@code at}; returns the index after them. */
  static int lower(char[] out, int at, byte b) {
    out[at] = DIGITS[(b >> 4) & 0xf];
    out[at + 1] = DIGITS[b & 0xf];
    return at + 2;
  }

  /**
   * Writes {@code value} (0-0xffff) without leading zeros, as printf's %x; returns the index after.
   */
  static int word(char[] out, int at, int value) {
    int shift = 12;
    while (shift > 0 && (value >> shift) == 0) {
      shift -= 4;
    }
    for (; shift >= 0; shift -= 4) {
      out[at++] = DIGITS[(value >> shift) & 0xf];
    }
    return at;
  }
}
