package io.ductstream.source.pg.types;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one array's text ({@code array_out}): {@code {1,2,NULL}}, {@code {{1,2},{3,4}}}, quoted
 * elements with backslash escapes ({@code {"a,b","c\"d",NULL,"NULL"}}), an optional {@code
 * [lo:hi]=} bounds prefix. Unquoted {@code NULL} is null; quoted {@code "NULL"} is the text. Each
 * element's text goes to the element decoder, straight from the buffer unless it had escapes.
 */
final class ArrayTextParser {
  private final ByteBuffer buf;
  private final int offset;
  private final int length;
  private final int end;
  private final ValueDecoder element;
  private final byte delimiter;
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

  List<Object> parse() {
    skipWhitespace();
    if (p < end && buf.get(p) == '[') {
      p = TextBytes.indexOf(buf, p, end, '=') + 1;
      skipWhitespace();
    }
    List<Object> value = list(1);
    skipWhitespace();
    if (p != end) {
      throw malformed();
    }
    return value;
  }

  /** Dimensions of the parsed value: the nesting level of its elements, 0 when it has none. */
  int depth() {
    return depth;
  }

  private List<Object> list(int level) {
    expect('{');
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (p < end && buf.get(p) == '}') {
      p++;
      return list;
    }
    while (true) {
      skipWhitespace();
      if (p < end && buf.get(p) == '{') {
        list.add(list(level + 1));
      } else {
        depth = Math.max(depth, level);
        list.add(element());
      }
      skipWhitespace();
      if (p < end && buf.get(p) == delimiter) {
        p++;
      } else if (p < end && buf.get(p) == '}') {
        p++;
        return list;
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
