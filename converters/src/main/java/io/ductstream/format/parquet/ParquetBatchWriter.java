package io.ductstream.format.parquet;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * A Parquet file of Connect records through parquet-java with {@link ConnectWriteSupport}: no Avro
 * detour, no Hadoop file system. Memory holds one row group ({@code rowGroupBytes}).
 */
public final class ParquetBatchWriter implements BatchWriter {
  private final ParquetWriter<Object> writer;
  private final ConnectWriteSupport support;
  private final DictionaryHistory history;
  private final Object historyKey;
  private long rows;
  private boolean failed;

  public ParquetBatchWriter(Schema schema, OutputStream out, BatchWriterOptions options)
      throws IOException {
    this(schema, new StreamOutputFile(out), options, DictionaryHistory.none(), true);
  }

  /**
   * @param history what earlier files of the schema said about its columns' dictionaries, shared by
   *     the files of one writer of many files
   */
  public ParquetBatchWriter(
      Schema schema, OutputStream out, BatchWriterOptions options, DictionaryHistory history)
      throws IOException {
    this(schema, new StreamOutputFile(out), options, history, true);
  }

  public ParquetBatchWriter(Schema schema, OutputFile file, BatchWriterOptions options)
      throws IOException {
    this(schema, file, options, DictionaryHistory.none(), true);
  }

  /**
   * @param columnWriters false: the rows go through parquet-java's record consumer (tests compare
   *     the files of both ways)
   */
  ParquetBatchWriter(
      Schema schema, OutputStream out, BatchWriterOptions options, boolean columnWriters)
      throws IOException {
    this(schema, new StreamOutputFile(out), options, DictionaryHistory.none(), columnWriters);
  }

  private ParquetBatchWriter(
      Schema schema,
      OutputFile file,
      BatchWriterOptions options,
      DictionaryHistory history,
      boolean columnWriters)
      throws IOException {
    this(
        new ConnectWriteSupport(
            SchemaNode.of(schema), new ConnectSchemaJson().toJson(schema), columnWriters),
        file,
        options,
        history,
        schema);
  }

  /** For callers that have compiled the schema and its JSON form already (the converter). */
  public ParquetBatchWriter(
      SchemaNode schema, String connectJson, OutputFile file, BatchWriterOptions options)
      throws IOException {
    this(
        new ConnectWriteSupport(schema, connectJson),
        file,
        options,
        DictionaryHistory.none(),
        connectJson);
  }

  private ParquetBatchWriter(
      ConnectWriteSupport support,
      OutputFile file,
      BatchWriterOptions options,
      DictionaryHistory history,
      Object historyKey)
      throws IOException {
    Builder builder =
        new Builder(file, support)
            .withConf(new PlainParquetConfiguration())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(codec(options.codec()))
            .withRowGroupSize(options.rowGroupBytes())
            // Measure from the first row on: parquet-java's default waits 100 rows, which for
            // large rows is far past the row-group size. Later checks stay adaptive.
            .withMinRowCountForPageSizeCheck(1)
            // Size statistics (level histograms and unencoded byte counts per page and column
            // chunk) cost work per value and no common reader uses them; min/max statistics,
            // column indexes and page checksums stay.
            .withSizeStatisticsEnabled(false);
    for (String column : history.plainColumns(historyKey)) {
      builder.withDictionaryEncoding(column, false);
    }
    this.writer = builder.build();
    this.support = support;
    this.history = history;
    this.historyKey = historyKey;
  }

  /** True when the rows go straight to the column writers (see {@link ColumnValueWriters}). */
  boolean writesColumns() {
    return support.writesColumns();
  }

  static CompressionCodecName codec(BatchWriterOptions.Codec codec) {
    return switch (codec) {
      case SNAPPY -> CompressionCodecName.SNAPPY;
      case ZSTD -> CompressionCodecName.ZSTD;
      case GZIP -> CompressionCodecName.GZIP;
      case NONE -> CompressionCodecName.UNCOMPRESSED;
    };
  }

  @Override
  public void write(Object value) throws IOException {
    try {
      writer.write(value);
    } catch (IOException | RuntimeException e) {
      failed = true; // parquet-java aborts the file: close() writes no footer
      throw e;
    }
    rows++;
  }

  @Override
  public long rowsWritten() {
    return rows;
  }

  @Override
  public long bytesWritten() {
    return writer.getDataSize();
  }

  @Override
  public void close() throws IOException {
    writer.close();
    if (!failed) {
      history.finished(historyKey, writer.getFooter());
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Object, Builder> {
    private final WriteSupport<Object> support;

    Builder(OutputFile file, WriteSupport<Object> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Object> getWriteSupport(
        org.apache.parquet.conf.ParquetConfiguration conf) {
      return support;
    }
  }
}
