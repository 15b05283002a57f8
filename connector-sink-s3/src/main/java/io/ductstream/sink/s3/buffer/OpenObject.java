package io.ductstream.sink.s3.buffer;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.BatchWriters;
import io.ductstream.format.WireFormat;
import java.io.IOException;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object being written: its key, the format's batch writer and the bytes it wrote so far (in a
 * {@link SpillingBuffer}).
 */
public final class OpenObject {
  private static final Logger log = LoggerFactory.getLogger(OpenObject.class);

  private final String key;
  private final long firstOffset;
  private final Long schemaFingerprint;
  private final SpillingBuffer bytes;
  private final BatchWriter writer;
  private long lastOffset;

  /**
   * @param schema the values' Connect schema, or null for schemaless values (written as JSON Lines)
   * @param schemaFingerprint fingerprint of {@code schema}, null when schemaless
   */
  public OpenObject(
      String key,
      long firstOffset,
      WireFormat format,
      Schema schema,
      Long schemaFingerprint,
      BatchWriterOptions options,
      long memoryBytes,
      java.nio.file.Path bufferDir)
      throws IOException {
    this.key = key;
    this.firstOffset = firstOffset;
    this.lastOffset = firstOffset;
    this.schemaFingerprint = schemaFingerprint;
    this.bytes = new SpillingBuffer(memoryBytes, bufferDir);
    try {
      this.writer = BatchWriters.create(format, schema, bytes, options);
    } catch (IOException | RuntimeException e) {
      bytes.delete();
      throw e;
    }
  }

  public void append(Object value, long offset) throws IOException {
    writer.write(value);
    lastOffset = offset;
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

  public long rows() {
    return writer.rowsWritten();
  }

  /** Bytes of the object as the writer estimates them, buffered rows included. */
  public long estimatedBytes() {
    return writer.bytesWritten();
  }

  /** Fingerprint of the values' schema; null for schemaless values. */
  public Long schemaFingerprint() {
    return schemaFingerprint;
  }

  /** Writes the file's footer; the returned buffer holds the whole object. */
  public SpillingBuffer finish() throws IOException {
    writer.close();
    bytes.close();
    return bytes;
  }

  /** Drops the object without uploading it (rebalance, stop). */
  public void discard() {
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      // the bytes are thrown away with the buffer, so a writer that cannot finish changes nothing
      log.debug("discarded object {} did not finish cleanly: {}", key, e.toString());
    } finally {
      bytes.delete();
    }
  }
}
