package io.ductstream.format;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes many records of one Connect schema into one file of a wire format, streaming: memory is
 * bounded by one row group (Parquet) or one record batch (Arrow), never by the file. Not
 * thread-safe.
 */
public interface BatchWriter extends Closeable {
  /** Appends one record: a {@code Struct} (or a value of the writer's schema). */
  void write(Object value) throws IOException;

  long rowsWritten();

  /** Bytes written so far plus those buffered for the next flush: an estimate of the file size. */
  long bytesWritten();

  /** Finishes the file (footer, index) and closes the output. */
  @Override
  void close() throws IOException;
}
