package io.ductstream.source.pg.decoding;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Holds the chunks of transactions Postgres streams before they commit (protocol 2+, streaming on)
 * in temporary files, one per transaction, so memory stays bounded however large a transaction is.
 * On Stream Commit the messages are replayed in order, without those of aborted subtransactions; on
 * Stream Abort of the whole transaction the file is dropped.
 */
public final class StreamedTransactions implements AutoCloseable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path directory;
  private final long maxBytes;
  private final Map<Long, Spool> open = new HashMap<>();
  private long spooledBytes;

  /** Without a cap: the disk under {@code directory} is the limit. */
  public StreamedTransactions(Path directory) {
    this(directory, 0);
  }

  /**
   * @param maxBytes the most bytes the files of all open transactions may hold together ({@code
   *     spool.max.bytes}); 0 for no cap
   */
  public StreamedTransactions(Path directory, long maxBytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  /** Saves one message of a stream chunk ({@link PgOutputHandler#streamedMessage}). */
  public void append(long topXid, ByteBuffer message) {
    long bytes = 4L + message.remaining();
    if (maxBytes > 0 && spooledBytes + bytes > maxBytes) {
      throw new ConnectException(
          "streamed transaction "
              + topXid
              + " does not fit in spool.max.bytes="
              + maxBytes
              + " ("
              + spooledBytes
              + " bytes of "
              + open.size()
              + " transaction(s) in progress are spooled in "
              + directory
              + "); raise spool.max.bytes (0: no cap) and give the directory (java.io.tmpdir of the"
              + " worker) the room for the largest transaction in progress");
    }
    Spool spool = open.computeIfAbsent(topXid, this::create);
    spool.append(message);
    spool.bytes += bytes;
    spooledBytes += bytes;
  }

  /** Bytes the files of the transactions in progress hold. */
  public long spooledBytes() {
    return spooledBytes;
  }

  /** Records a Stream Abort: the whole transaction, or one of its subtransactions. */
  public void abort(long xid, long subXid) {
    if (xid == subXid) {
      Spool spool = open.remove(xid);
      if (spool != null) {
        drop(spool);
      }
      return;
    }
    Spool spool = open.get(xid);
    if (spool != null) {
      spool.aborted.add(subXid);
    }
  }

  /**
   * Replays a committed transaction's messages through {@code decoder} (framed by the caller's
   * begin/commit) and deletes its file. Data messages of aborted subtransactions are skipped;
   * Relation and Type messages are always replayed, since later messages may rely on them.
   *
   * @return the number of messages replayed
   */
  public long replay(long xid, PgOutputDecoder decoder) {
    Spool spool = open.remove(xid);
    if (spool == null) {
      return 0;
    }
    try {
      return spool.replay(decoder);
    } finally {
      drop(spool);
    }
  }

  /** Transactions with saved chunks that have not committed or aborted yet. */
  public int openTransactions() {
    return open.size();
  }

  @Override
  public void close() {
    open.values().forEach(Spool::delete);
    open.clear();
    spooledBytes = 0;
  }

  private void drop(Spool spool) {
    spooledBytes -= spool.bytes;
    spool.delete();
  }

  private Spool create(long xid) {
    try {
      Files.createDirectories(directory);
      Path file = Files.createTempFile(directory, "ductstream-xid-" + xid + "-", ".spool");
      return new Spool(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a spool file for streamed transaction " + xid + " in " + directory, e);
    }
  }

  private static final class Spool {
    private final Path file;
    private final DataOutputStream out;
    private final Set<Long> aborted = new HashSet<>();
    private byte[] scratch = new byte[0];
    private long bytes;

    Spool(Path file) throws IOException {
      this.file = file;
      this.out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES));
    }

    void append(ByteBuffer message) {
      int length = message.remaining();
      try {
        out.writeInt(length);
        if (message.hasArray()) {
          out.write(message.array(), message.arrayOffset() + message.position(), length);
        } else {
          if (scratch.length < length) {
            scratch = new byte[length];
          }
          message.duplicate().get(scratch, 0, length);
          out.write(scratch, 0, length);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write spool file " + file, e);
      }
    }

    long replay(PgOutputDecoder decoder) {
      long count = 0;
      try {
        out.close();
        try (DataInputStream in =
            new DataInputStream(
                new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES))) {
          while (true) {
            int length;
            try {
              length = in.readInt();
            } catch (EOFException end) {
              return count;
            }
            if (scratch.length < length) {
              scratch = new byte[length];
            }
            in.readFully(scratch, 0, length);
            ByteBuffer message = ByteBuffer.wrap(scratch, 0, length);
            byte type = message.get(0);
            long subXid = message.getInt(1) & 0xffff_ffffL;
            boolean schema = type == 'R' || type == 'Y';
            if (schema || !aborted.contains(subXid)) {
              decoder.decodeStreamed(message);
              count++;
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read spool file " + file, e);
      }
    }

    void delete() {
      try {
        out.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete spool file " + file, e);
      }
    }
  }
}
