package io.ductstream.source.pg.decoding;

import java.nio.ByteBuffer;

/**
 * One row image of a pgoutput message, as views into the message buffer: per column its kind and,
 * for text and binary values, where its bytes are. Reused from message to message; valid only
 * during the handler call that receives it.
 */
public final class TupleData {
  /** The column is NULL. */
  public static final byte NULL = 'n';

  /** A TOASTed value that did not change and was not sent. */
  public static final byte UNCHANGED_TOAST = 'u';

  /** The value in the type's text output form. */
  public static final byte TEXT = 't';

  /** The value in the type's binary send form. */
  public static final byte BINARY = 'b';

  private ByteBuffer buffer;
  private int count;
  private byte[] kinds = new byte[16];
  private int[] offsets = new int[16];
  private int[] lengths = new int[16];

  /** Reads a TupleData block at the buffer's position and leaves the position after it. */
  void read(ByteBuffer buf) {
    buffer = buf;
    count = buf.getShort() & 0xffff;
    if (kinds.length < count) {
      kinds = new byte[count];
      offsets = new int[count];
      lengths = new int[count];
    }
    for (int i = 0; i < count; i++) {
      byte kind = buf.get();
      kinds[i] = kind;
      if (kind == TEXT || kind == BINARY) {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
          throw new PgOutputException(
              "column "
                  + (i + 1)
                  + " declares "
                  + length
                  + " bytes, the message holds "
                  + buf.remaining());
        }
        offsets[i] = buf.position();
        lengths[i] = length;
        buf.position(buf.position() + length);
      } else if (kind == NULL || kind == UNCHANGED_TOAST) {
        offsets[i] = -1;
        lengths[i] = -1;
      } else {
        throw new PgOutputException(
            "unknown tuple column kind '" + (char) kind + "' in column " + (i + 1));
      }
    }
  }

  /**
   * Starts a row image assembled elsewhere (a row of binary COPY): {@code count} columns whose
   * values lie in {@code buf}; each is then described with {@link #set}.
   */
  public void reset(ByteBuffer buf, int count) {
    buffer = buf;
    this.count = count;
    if (kinds.length < count) {
      kinds = new byte[count];
      offsets = new int[count];
      lengths = new int[count];
    }
  }

  /** Describes column {@code column} of a row started with {@link #reset}. */
  public void set(int column, byte kind, int offset, int length) {
    kinds[column] = kind;
    offsets[column] = offset;
    lengths[column] = length;
  }

  public int columnCount() {
    return count;
  }

  public byte kind(int column) {
    return kinds[column];
  }

  public ByteBuffer buffer() {
    return buffer;
  }

  public int offset(int column) {
    return offsets[column];
  }

  public int length(int column) {
    return lengths[column];
  }
}
