package io.ductstream.sink.s3.buffer;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.BatchWriters;
import io.ductstream.format.WireFormat;
import io.ductstream.format.parquet.DictionaryHistory;
import io.ductstream.sink.s3.layout.RowShape;
import java.io.IOException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object being written: its key, the format's batch writer and the bytes it wrote so far (in a
 * {@link SpillingBuffer}). Records are appended on the task thread and encoded on the task's {@link
 * Encoder} thread; {@link #finish()} waits for them.
 */
public final class OpenObject {
  private static final Logger log = LoggerFactory.getLogger(OpenObject.class);

  private final String key;
  private final long firstOffset;
  private final Long schemaFingerprint;
  private final Integer schemaVersion;
  private final SpillingBuffer bytes;
  private final BatchWriter writer;
  private final Encoder encoder;
  private long lastOffset;
  private long rows;

  // the encoder thread's own count, published with the bytes in encodedRows
  private long rowsInWriter;
  // written by the encoder thread, read by the task thread
  private volatile long encodedRows;
  private volatile long encodedBytes;
  private volatile WriteFailure failure;
  private volatile boolean discarded;

  /** A record that could not be encoded, and its offset. */
  public static final class WriteFailure extends IOException {
    private final long offset;

    WriteFailure(long offset, Exception cause) {
      super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
      this.offset = offset;
    }

    public long offset() {
      return offset;
    }
  }

  /**
   * @param schema the values' Connect schema, or null for schemaless values (written as JSON Lines)
   * @param schemaFingerprint fingerprint of {@code schema}, null when schemaless
   * @param dictionaries what the earlier Parquet objects of the task said about their columns
   */
  public OpenObject(
      String key,
      long firstOffset,
      WireFormat format,
      Schema schema,
      Long schemaFingerprint,
      BatchWriterOptions options,
      DictionaryHistory dictionaries,
      long memoryBytes,
      java.nio.file.Path bufferDir,
      Encoder encoder)
      throws IOException {
    this.key = key;
    this.firstOffset = firstOffset;
    this.lastOffset = firstOffset;
    this.schemaFingerprint = schemaFingerprint;
    this.schemaVersion = schema == null ? null : schema.version();
    this.encoder = encoder;
    this.bytes = new SpillingBuffer(memoryBytes, bufferDir);
    try {
      this.writer = BatchWriters.create(format, schema, bytes, options, dictionaries);
    } catch (IOException | RuntimeException e) {
      bytes.delete();
      throw e;
    }
  }

  /**
   * Queues one record for the encoder thread, which writes its row of {@code shape}.
   *
   * @throws WriteFailure when an earlier record of this object could not be encoded
   */
  public void append(RowShape shape, SinkRecord record) throws IOException {
    checkEncoded();
    encoder.add(this, shape, record);
    rows++;
    lastOffset = record.kafkaOffset();
  }

  public String key() {
    return key;
  }

  public long firstOffset() {
    return firstOffset;
  }

  public long lastOffset() {
    return lastOffset;
  }

  /** Records appended, encoded or not yet. */
  public long rows() {
    return rows;
  }

  /**
   * True when the object has reached {@code limit} bytes as its writer estimates them. Rows not
   * encoded yet count at the average size of those that are; only when that projection reaches the
   * limit (or nothing is encoded yet) does this wait for the encoder, to decide on real figures.
   */
  public boolean reachedBytes(long limit) throws IOException {
    long doneRows = encodedRows;
    long doneBytes = encodedBytes;
    if (doneBytes >= limit) {
      return true;
    }
    if (doneRows > 0 && doneBytes + (double) doneBytes / doneRows * (rows - doneRows) < limit) {
      return false;
    }
    encoder.drain();
    checkEncoded();
    return encodedBytes >= limit;
  }

  /** Fingerprint of the values' schema; null for schemaless values. */
  public Long schemaFingerprint() {
    return schemaFingerprint;
  }

  /** The values' schema version (Connect {@code version()}); null when it has none. */
  public Integer schemaVersion() {
    return schemaVersion;
  }

  /**
   * Waits for the encoder, writes the file's footer; the returned buffer holds the whole object.
   */
  public SpillingBuffer finish() throws IOException {
    encoder.drain();
    checkEncoded();
    writer.close();
    bytes.close();
    return bytes;
  }

  /** Drops the object without uploading it (rebalance, stop, a failed record). */
  public void discard() {
    discarded = true;
    try {
      encoder.drain(); // the encoder skips this object's rows, but must be out of its writer
      writer.close();
    } catch (IOException | RuntimeException e) {
      // the bytes are thrown away with the buffer, so a writer that cannot finish changes nothing
      log.debug("discarded object {} did not finish cleanly: {}", key, e.toString());
    } finally {
      bytes.delete();
    }
  }

  /** Throws the first failure of the encoder thread on this object's records, if any. */
  void checkEncoded() throws WriteFailure {
    WriteFailure failed = failure;
    if (failed != null) {
      throw failed;
    }
  }

  /** On the encoder thread: writes one record's row, or keeps its failure. */
  void encode(RowShape shape, SinkRecord record) {
    if (discarded || failure != null) {
      return;
    }
    try {
      writer.write(shape.row(record));
      rowsInWriter++;
    } catch (IOException | RuntimeException e) {
      failure = new WriteFailure(record.kafkaOffset(), e);
    }
  }

  /** On the encoder thread, after a run of this object's records: the size for rotation. */
  void publishProgress() {
    if (!discarded && failure == null) {
      encodedBytes = writer.bytesWritten();
      encodedRows = rowsInWriter;
    }
  }
}
