package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one array's text ({@code array_out}): {@code {1,2,NULL}}, {@code {{1,2},{3,4}}}, quoted
 * elements with backslash escapes ({@code {"a,b","c\"d",NULL,"NULL"}}), an optional {@code
 * [lo:hi]=} bounds prefix. Unquoted {@code NULL} is null; quoted {@code "NULL"} is the text. Each
 * element's text goes to the element decoder, straight from the buffer unless it had escapes.
 *
 * <p>The result is what {@code array_send} gives: the elements in storage order (row-major), the
 * size and lower bound of each dimension.
 */
final class ArrayTextParser {
  private final ByteBuffer buf;
  private final int offset;
  private final int length;
  private final int end;
  private final ValueDecoder element;
  private final byte delimiter;
  private static final int MAX_DIMS = 6;

  private final List<Object> elements = new ArrayList<>();
  private final int[] sizes = new int[MAX_DIMS + 1];
  private final int[] lowerBounds = new int[MAX_DIMS + 1];
  private boolean bounded;
  private int p;
  private int depth;

  ArrayTextParser(ByteBuffer buf, int offset, int length, ValueDecoder element, byte delimiter) {
    this.buf = buf;
    this.offset = offset;
    this.length = length;
    this.end = offset + length;
    this.element = element;
    this.delimiter = delimiter;
    this.p = offset;
  }

  /** Parses the array; then {@link #elements()}, {@link #depth()} and the bounds describe it. */
  void parse() {
    skipWhitespace();
    if (p < end && buf.get(p) == '[') {
      bounds();
    }
    list(1);
    skipWhitespace();
    if (p != end) {
      throw malformed();
    }
  }

  /** The elements in storage order (the last dimension varies fastest). */
  List<Object> elements() {
    return elements;
  }

  /** Dimensions of the parsed value: the nesting level of its elements, 0 when it has none. */
  int depth() {
    return depth;
  }

  /** Number of elements along dimension {@code dim} (0-based). */
  int size(int dim) {
    return sizes[dim + 1];
  }

  /** Lower bound of dimension {@code dim} (0-based): 1 unless the text had a bounds prefix. */
  int lowerBound(int dim) {
    return bounded ? lowerBounds[dim + 1] : 1;
  }

  /** {@code [lo:hi]} per dimension, then {@code =}; {@code [hi]} alone means lower bound 1. */
  private void bounds() {
    bounded = true;
    int dim = 1;
    while (p < end && buf.get(p) == '[') {
      int close = TextBytes.indexOf(buf, p, end, ']');
      int colon = TextBytes.indexOf(buf, p, close, ':');
      if (close >= end || dim > MAX_DIMS) {
        throw malformed();
      }
      lowerBounds[dim++] = colon < close ? signedInt(p + 1, colon) : 1;
      p = close + 1;
      skipWhitespace();
    }
    expect('=');
    skipWhitespace();
  }

  private int signedInt(int from, int to) {
    boolean negative = from < to && buf.get(from) == '-';
    int start = negative || (from < to && buf.get(from) == '+') ? from + 1 : from;
    if (start >= to) {
      throw malformed();
    }
    int value = TextBytes.digits(buf, start, to - start);
    return negative ? -value : value;
  }

  private void list(int level) {
    expect('{');
    if (level > MAX_DIMS) {
      throw malformed();
    }
    int count = 0;
    skipWhitespace();
    if (p < end && buf.get(p) == '}') {
      p++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (p < end && buf.get(p) == '{') {
        list(level + 1);
      } else {
        depth = Math.max(depth, level);
        elements.add(element());
      }
      count++;
      skipWhitespace();
      if (p < end && buf.get(p) == delimiter) {
        p++;
      } else if (p < end && buf.get(p) == '}') {
        p++;
        sizes[level] = count;
        return;
      } else {
        throw malformed();
      }
    }
  }

  private Object element() {
    boolean quoted = buf.get(p) == '"';
    int start = quoted ? p + 1 : p;
    int escapes = 0;
    int q = start;
    int contentEnd;
    if (quoted) {
      while (q < end && buf.get(q) != '"') {
        if (buf.get(q) == '\\') {
          escapes++;
          q++;
        }
        q++;
      }
      if (q >= end) {
        throw malformed();
      }
      contentEnd = q;
      p = q + 1;
    } else {
      while (q < end && buf.get(q) != delimiter && buf.get(q) != '}') {
        if (buf.get(q) == '\\') {
          escapes++;
          q++;
        }
        q++;
      }
      p = q;
      contentEnd = q;
      while (contentEnd > start && isWhitespace(buf.get(contentEnd - 1))) {
        contentEnd--;
      }
      if (escapes == 0 && TextBytes.equalsIgnoreCase(buf, start, contentEnd - start, "NULL")) {
        return null;
      }
    }
    if (escapes == 0) {
      return element.decodeText(buf, start, contentEnd - start);
    }
    byte[] unescaped = new byte[contentEnd - start - escapes];
    int n = 0;
    for (int i = start; i < contentEnd; i++) {
      byte b = buf.get(i);
      if (b == '\\') {
        b = buf.get(++i);
      }
      unescaped[n++] = b;
    }
    return element.decodeText(ByteBuffer.wrap(unescaped), 0, n);
  }

  private void expect(char c) {
    if (p >= end || buf.get(p) != c) {
      throw malformed();
    }
    p++;
  }

  private void skipWhitespace() {
    while (p < end && isWhitespace(buf.get(p))) {
      p++;
    }
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0b;
  }

  private RuntimeException malformed() {
    return TextBytes.malformed("array", buf, offset, length);
  }
}
