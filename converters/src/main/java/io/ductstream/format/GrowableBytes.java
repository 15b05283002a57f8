package io.ductstream.format;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable byte buffer that grows: the converters' output and the protobuf writer's scratch
 * space. Not thread-safe; one per converter or writer.
 */
public final class GrowableBytes extends OutputStream {
  private byte[] buf;
  private int size;

  public GrowableBytes(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  public void reset() {
    size = 0;
  }

  public int size() {
    return size;
  }

  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  public void writeLongLe(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeIntLe(int v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeVarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /** Writes a zig-zag varint, as Avro writes int and long. */
  public void writeZigZag(long v) {
    writeVarint((v << 1) ^ (v >> 63));
  }

  /** Writes UTF-8 of {@code s}, returning the number of bytes. */
  public int writeUtf8(String s) {
    int n = s.length();
    ensure(n);
    int start = size;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        size = start;
        write(bytes, 0, bytes.length);
        return bytes.length;
      }
      buf[size++] = (byte) c;
    }
    return n;
  }

  /** Moves bytes {@code [from, size)} by {@code shift} to the right, growing the buffer. */
  public void shiftRight(int from, int shift) {
    ensure(shift);
    System.arraycopy(buf, from, buf, from + shift, size - from);
    size += shift;
  }

  /**
   * Writes the length of the bytes after {@code start} as a varint into the one byte reserved at
   * {@code start - 1}, moving those bytes right when the varint needs more than one byte.
   */
  public void patchLengthPrefix(int start) {
    patchPrefix(start, size - start);
  }

  /** As {@link #patchLengthPrefix}, with the length zig-zag encoded (Avro's longs). */
  public void patchZigZagLengthPrefix(int start) {
    patchPrefix(start, 2L * (size - start));
  }

  private void patchPrefix(int start, long value) {
    if (value < 0x80) {
      buf[start - 1] = (byte) value;
      return;
    }
    int varintBytes = 1;
    for (long v = value >>> 7; v != 0; v >>>= 7) {
      varintBytes++;
    }
    shiftRight(start, varintBytes - 1);
    int at = start - 1;
    long v = value;
    while ((v & ~0x7FL) != 0) {
      buf[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[at] = (byte) v;
  }

  public static int readIntLe(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
  }

  public static long readLongLe(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xffL);
    }
    return v;
  }
}
