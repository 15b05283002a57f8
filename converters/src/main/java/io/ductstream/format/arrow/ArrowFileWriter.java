package io.ductstream.format.arrow;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.CountingOutputStream;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.connect.data.Schema;

/**
 * An Arrow IPC file: record batches of up to {@code batchRows} rows or {@code rowGroupBytes} bytes,
 * written as each fills, so memory holds one batch.
 */
public final class ArrowFileWriter implements BatchWriter {
  private final BufferAllocator allocator = new RootAllocator();
  private final CountingOutputStream out;
  private final ArrowRowBatch batch;
  private final org.apache.arrow.vector.ipc.ArrowFileWriter writer;
  private final int batchRows;
  private final long batchBytes;
  private long rows;
  private int nextSizeCheck = 1;

  public ArrowFileWriter(Schema schema, OutputStream output, BatchWriterOptions options)
      throws IOException {
    this.out = new CountingOutputStream(output);
    this.batch =
        new ArrowRowBatch(SchemaNode.of(schema), new ConnectSchemaJson().toJson(schema), allocator);
    this.writer =
        new org.apache.arrow.vector.ipc.ArrowFileWriter(
            batch.vectors(), null, Channels.newChannel(out));
    this.batchRows = options.batchRows();
    this.batchBytes = options.rowGroupBytes();
    writer.start();
  }

  @Override
  public void write(Object value) throws IOException {
    batch.add(value);
    rows++;
    if (batch.rows() >= batchRows) {
      flushBatch();
    } else if (batch.rows() >= nextSizeCheck) {
      checkBytes();
    }
  }

  /**
   * Flushes when the batch holds {@code batchBytes}; otherwise plans the next check halfway to
   * where the average row size says the limit is (as parquet-java does for row groups), so small
   * rows are rarely measured and large ones often.
   */
  private void checkBytes() throws IOException {
    long bytes = batch.bufferBytes();
    if (bytes >= batchBytes) {
      flushBatch();
      return;
    }
    long perRow = Math.max(1, bytes / batch.rows());
    long rowsToLimit = (batchBytes - bytes) / perRow;
    nextSizeCheck = (int) Math.min(batchRows, batch.rows() + Math.max(1, rowsToLimit / 2));
  }

  private void flushBatch() throws IOException {
    if (batch.rows() == 0) {
      return;
    }
    batch.seal();
    writer.writeBatch();
    batch.clear();
    nextSizeCheck = 1;
  }

  @Override
  public long rowsWritten() {
    return rows;
  }

  @Override
  public long bytesWritten() {
    return out.count() + batch.bufferBytes();
  }

  @Override
  public void close() throws IOException {
    try {
      flushBatch();
      writer.end();
      writer.close();
    } finally {
      batch.close();
      allocator.close();
    }
  }
}
