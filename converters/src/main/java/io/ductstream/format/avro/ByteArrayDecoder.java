package io.ductstream.format.avro;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary encoding read straight from one byte array, for the converter's single-record
 * payloads. Avro's own {@code BinaryDecoder} is built for streams: it copies each string into a
 * {@link Utf8} and then again into a String, which profiles of the S3 sink showed as the largest
 * part of decoding. This one reads strings in one step and checks every length against the bytes
 * that are left, so a corrupt payload fails with an {@link EOFException}, never reads past its end.
 */
final class ByteArrayDecoder extends Decoder {
  private byte[] bytes;
  private int pos;
  private int limit;

  /** Reads {@code bytes[offset..offset+length)} from now on. */
  ByteArrayDecoder reset(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.pos = offset;
    this.limit = offset + length;
    return this;
  }

  /** True when every byte was read. */
  boolean isEnd() {
    return pos == limit;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws IOException {
    require(1);
    return bytes[pos++] != 0;
  }

  @Override
  public int readInt() throws IOException {
    int raw = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      require(1);
      int b = bytes[pos++] & 0xff;
      raw |= (b & 0x7f) << shift;
      if (b < 0x80) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new IOException("invalid int encoding");
  }

  @Override
  public long readLong() throws IOException {
    long raw = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      require(1);
      long b = bytes[pos++] & 0xff;
      raw |= (b & 0x7f) << shift;
      if (b < 0x80) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new IOException("invalid long encoding");
  }

  @Override
  public float readFloat() throws IOException {
    require(4);
    int bits =
        (bytes[pos] & 0xff)
            | (bytes[pos + 1] & 0xff) << 8
            | (bytes[pos + 2] & 0xff) << 16
            | (bytes[pos + 3] & 0xff) << 24;
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  @Override
  public double readDouble() throws IOException {
    require(8);
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = bits << 8 | (bytes[pos + i] & 0xff);
    }
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = length();
    Utf8 utf8 = old != null ? old : new Utf8();
    utf8.setByteLength(length);
    System.arraycopy(bytes, pos, utf8.getBytes(), 0, length);
    pos += length;
    return utf8;
  }

  @Override
  public String readString() throws IOException {
    int length = length();
    String text = new String(bytes, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return text;
  }

  @Override
  public void skipString() throws IOException {
    skip(length());
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = length();
    ByteBuffer copy = ByteBuffer.wrap(Arrays.copyOfRange(bytes, pos, pos + length));
    pos += length;
    return copy;
  }

  /** The next bytes value as a new array. */
  byte[] readByteArray() throws IOException {
    int length = length();
    byte[] copy = Arrays.copyOfRange(bytes, pos, pos + length);
    pos += length;
    return copy;
  }

  @Override
  public void skipBytes() throws IOException {
    skip(length());
  }

  @Override
  public void readFixed(byte[] target, int start, int length) throws IOException {
    require(length);
    System.arraycopy(bytes, pos, target, start, length);
    pos += length;
  }

  @Override
  public void skipFixed(int length) throws IOException {
    skip(length);
  }

  @Override
  public int readEnum() throws IOException {
    return readInt();
  }

  @Override
  public long readArrayStart() throws IOException {
    return blockCount();
  }

  @Override
  public long arrayNext() throws IOException {
    return blockCount();
  }

  @Override
  public long skipArray() throws IOException {
    throw new AvroRuntimeException("skipping arrays is not supported here");
  }

  @Override
  public long readMapStart() throws IOException {
    return blockCount();
  }

  @Override
  public long mapNext() throws IOException {
    return blockCount();
  }

  @Override
  public long skipMap() throws IOException {
    throw new AvroRuntimeException("skipping maps is not supported here");
  }

  @Override
  public int readIndex() throws IOException {
    return readInt();
  }

  /** A block's item count; a negative count is followed by the block's size in bytes. */
  private long blockCount() throws IOException {
    long count = readLong();
    if (count < 0) {
      readLong();
      count = -count;
    }
    return count;
  }

  private int length() throws IOException {
    int length = readInt();
    if (length < 0) {
      throw new IOException("negative length " + length);
    }
    require(length);
    return length;
  }

  private void skip(int length) throws IOException {
    require(length);
    pos += length;
  }

  private void require(int length) throws EOFException {
    if (length > limit - pos) {
      throw new EOFException(
          "the value needs " + length + " more bytes, " + (limit - pos) + " are left");
    }
  }
}
