package io.ductstream.format;

import java.util.Locale;

/**
 * Knobs of the batch writers. {@code codec} applies to Parquet (snappy, zstd, gzip, none) and Avro
 * (snappy, zstd, deflate for gzip, none); {@code rowGroupBytes} is Parquet's row-group size and the
 * byte cap of an Arrow record batch; {@code batchRows} the row cap of an Arrow batch.
 */
public record BatchWriterOptions(Codec codec, long rowGroupBytes, int batchRows) {
  public static final long DEFAULT_ROW_GROUP_BYTES = 128L * 1024 * 1024;
  public static final int DEFAULT_BATCH_ROWS = 64 * 1024;

  /** Compression codecs the file writers know. */
  public enum Codec {
    SNAPPY,
    ZSTD,
    GZIP,
    NONE;

    public static Codec parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown codec \"" + name + "\"; use one of snappy, zstd, gzip, none", e);
      }
    }
  }

  public BatchWriterOptions {
    if (rowGroupBytes <= 0 || batchRows <= 0) {
      throw new IllegalArgumentException("row group size and batch rows must be positive");
    }
  }

  public static BatchWriterOptions defaults() {
    return new BatchWriterOptions(Codec.SNAPPY, DEFAULT_ROW_GROUP_BYTES, DEFAULT_BATCH_ROWS);
  }

  public BatchWriterOptions withCodec(Codec newCodec) {
    return new BatchWriterOptions(newCodec, rowGroupBytes, batchRows);
  }

  public BatchWriterOptions withRowGroupBytes(long bytes) {
    return new BatchWriterOptions(codec, bytes, batchRows);
  }

  public BatchWriterOptions withBatchRows(int rows) {
    return new BatchWriterOptions(codec, rowGroupBytes, rows);
  }
}
