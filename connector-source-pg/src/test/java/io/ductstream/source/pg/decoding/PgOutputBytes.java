package io.ductstream.source.pg.decoding;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds pgoutput messages byte by byte, as the protocol documentation lays them out. */
final class PgOutputBytes {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(bytes);

  static PgOutputBytes message(char type) {
    return new PgOutputBytes().int8(type);
  }

  PgOutputBytes int8(int value) {
    return write(() -> out.writeByte(value));
  }

  PgOutputBytes int16(int value) {
    return write(() -> out.writeShort(value));
  }

  PgOutputBytes int32(int value) {
    return write(() -> out.writeInt(value));
  }

  PgOutputBytes int64(long value) {
    return write(() -> out.writeLong(value));
  }

  PgOutputBytes string(String value) {
    return write(
        () -> {
          out.write(value.getBytes(StandardCharsets.UTF_8));
          out.writeByte(0);
        });
  }

  /** A TupleData block: each value is null ('n'), "\u0000u" (unchanged TOAST) or text. */
  PgOutputBytes tuple(String... values) {
    int16(values.length);
    for (String value : values) {
      if (value == null) {
        int8('n');
      } else if (value.equals("\u0000u")) {
        int8('u');
      } else {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        int8('t');
        int32(text.length);
        write(() -> out.write(text));
      }
    }
    return this;
  }

  ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes.toByteArray());
  }

  private interface Write {
    void run() throws IOException;
  }

  private PgOutputBytes write(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
