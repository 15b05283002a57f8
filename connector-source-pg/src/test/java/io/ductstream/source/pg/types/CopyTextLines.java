package io.ductstream.source.pg.types;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Splits single-column {@code COPY ... TO STDOUT} text output into unescaped values. */
final class CopyTextLines {
  private CopyTextLines() {}

  /** One entry per row: the value's bytes, or null for {@code \N}. */
  static List<byte[]> fields(byte[] copy) {
    List<byte[]> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == '\n') {
        fields.add(unescape(copy, start, i));
        start = i + 1;
      }
    }
    return fields;
  }

  private static byte[] unescape(byte[] copy, int from, int to) {
    if (to - from == 2 && copy[from] == '\\' && copy[from + 1] == 'N') {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = copy[i];
      if (b != '\\') {
        out.write(b);
        continue;
      }
      byte e = copy[++i];
      switch (e) {
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0b);
        default -> out.write(e);
      }
    }
    return out.toByteArray();
  }
}
