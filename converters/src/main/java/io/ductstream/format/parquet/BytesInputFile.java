package io.ductstream.format.parquet;

import java.io.EOFException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over bytes in memory (a converter payload, a test buffer). */
public final class BytesInputFile implements InputFile {
  private final byte[] bytes;
  private final int offset;
  private final int length;

  public BytesInputFile(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  public BytesInputFile(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new SeekableInputStream() {
      private int pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void seek(long newPos) {
        pos = (int) newPos;
      }

      @Override
      public int read() {
        return pos < length ? bytes[offset + pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= length) {
          return -1;
        }
        int n = Math.min(len, length - pos);
        System.arraycopy(bytes, offset + pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public void readFully(byte[] b) throws EOFException {
        readFully(b, 0, b.length);
      }

      @Override
      public void readFully(byte[] b, int off, int len) throws EOFException {
        if (len > length - pos) {
          throw new EOFException("reading " + len + " bytes at " + pos + " of " + length);
        }
        System.arraycopy(bytes, offset + pos, b, off, len);
        pos += len;
      }

      @Override
      public int read(ByteBuffer buf) {
        if (pos >= length) {
          return -1;
        }
        int n = Math.min(buf.remaining(), length - pos);
        buf.put(bytes, offset + pos, n);
        pos += n;
        return n;
      }

      @Override
      public void readFully(ByteBuffer buf) throws EOFException {
        int n = buf.remaining();
        if (n > length - pos) {
          throw new EOFException("reading " + n + " bytes at " + pos + " of " + length);
        }
        buf.put(bytes, offset + pos, n);
        pos += n;
      }
    };
  }
}
