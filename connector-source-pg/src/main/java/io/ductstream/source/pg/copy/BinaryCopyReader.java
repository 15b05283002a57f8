package io.ductstream.source.pg.copy;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.errors.DataException;

/**
 * Streams the rows of {@code COPY ... TO STDOUT (FORMAT binary)}: the 11-byte signature, int32
 * flags, int32 header extension length, then per tuple an int16 field count (-1 ends the data) and
 * per field an int32 length (-1 NULL) and its bytes (the type's send format). Each field is handed
 * to a {@link FieldHandler} from one reusable buffer, which grows to the largest field and is
 * overwritten by the next one.
 */
public final class BinaryCopyReader {
  /** PostgreSQL stores a value in at most 1 GiB; a larger declared length is malformed data. */
  static final int MAX_FIELD_BYTES = 1 << 30;

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };
  private static final int OIDS_FLAG = 1 << 16;
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /** Receives one field of the current row. */
  @FunctionalInterface
  public interface FieldHandler {
    /**
     * @param field the field's index in the row, from 0
     * @param buf the shared buffer; valid only during this call
     * @param length the field's length, or -1 for NULL (then offset and the buffer mean nothing)
     */
    void field(int field, ByteBuffer buf, int offset, int length);
  }

  private final DataInputStream in;
  private byte[] bytes;
  private ByteBuffer buffer;
  private boolean headerRead;
  private boolean finished;

  public BinaryCopyReader(InputStream in) {
    this(in, 8 * 1024);
  }

  public BinaryCopyReader(InputStream in, int initialFieldBufferBytes) {
    this.in = new DataInputStream(new BufferedInputStream(in, READ_BUFFER_BYTES));
    this.bytes = new byte[initialFieldBufferBytes];
    this.buffer = ByteBuffer.wrap(bytes);
  }

  /**
   * Reads the next row, handing each field to {@code handler}.
   *
   * @return the row's field count, or -1 when the data has ended
   */
  public int readRow(FieldHandler handler) throws IOException {
    if (!headerRead) {
      readHeader();
      headerRead = true;
    }
    if (finished) {
      return -1;
    }
    short fields = readShort();
    if (fields == -1) {
      finished = true;
      return -1;
    }
    if (fields < 0) {
      throw new DataException("malformed binary COPY data: field count " + fields);
    }
    for (int i = 0; i < fields; i++) {
      int length = readInt();
      if (length < -1 || length > MAX_FIELD_BYTES) {
        throw new DataException(
            "malformed binary COPY data: field length "
                + length
                + " (PostgreSQL's values are at most 1 GiB)");
      }
      if (length > 0) {
        ensureCapacity(length);
        readFully(bytes, length);
      }
      handler.field(i, buffer, 0, length);
    }
    return fields;
  }

  private void readHeader() throws IOException {
    byte[] signature = new byte[SIGNATURE.length];
    readFully(signature, signature.length);
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (signature[i] != SIGNATURE[i]) {
        throw new DataException(
            "not binary COPY data: the stream does not start with the PGCOPY signature");
      }
    }
    int flags = readInt();
    if ((flags & OIDS_FLAG) != 0) {
      throw new DataException("binary COPY data WITH OIDS is not supported");
    }
    int extension = readInt();
    if (extension < 0) {
      throw new DataException("malformed binary COPY header: extension length " + extension);
    }
    in.skipNBytes(extension);
  }

  private void ensureCapacity(int length) {
    if (length > bytes.length) {
      bytes = new byte[(int) Math.min(MAX_FIELD_BYTES, Math.max(length, bytes.length * 2L))];
      buffer = ByteBuffer.wrap(bytes);
    }
  }

  private short readShort() throws IOException {
    try {
      return in.readShort();
    } catch (EOFException e) {
      throw truncated(e);
    }
  }

  private int readInt() throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw truncated(e);
    }
  }

  private void readFully(byte[] into, int length) throws IOException {
    try {
      in.readFully(into, 0, length);
    } catch (EOFException e) {
      throw truncated(e);
    }
  }

  private static DataException truncated(EOFException cause) {
    return new DataException("binary COPY data ended before its trailer", cause);
  }
}
