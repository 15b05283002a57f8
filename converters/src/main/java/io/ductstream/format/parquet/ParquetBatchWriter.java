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
  private final DictionaryHistory history;
  private final Object historyKey;
  private long rows;

  public ParquetBatchWriter(Schema schema, OutputStream out, BatchWriterOptions options)
      throws IOException {
    this(schema, new StreamOutputFile(out), options, DictionaryHistory.none());
  }

  /**
   * @param history what earlier files of the schema said about its columns' dictionaries, shared by
   *     the files of one writer of many files
   */
  public ParquetBatchWriter(
      Schema schema, OutputStream out, BatchWriterOptions options, DictionaryHistory history)
      throws IOException {
    this(schema, new StreamOutputFile(out), options, history);
  }

  public ParquetBatchWriter(Schema schema, OutputFile file, BatchWriterOptions options)
      throws IOException {
    this(schema, file, options, DictionaryHistory.none());
  }

  private ParquetBatchWriter(
      Schema schema, OutputFile file, BatchWriterOptions options, DictionaryHistory history)
      throws IOException {
    this(
        SchemaNode.of(schema),
        new ConnectSchemaJson().toJson(schema),
        file,
        options,
        history,
        schema);
  }

  /** For callers that have compiled the schema and its JSON form already (the converter). */
  public ParquetBatchWriter(
      SchemaNode schema, String connectJson, OutputFile file, BatchWriterOptions options)
      throws IOException {
    this(schema, connectJson, file, options, DictionaryHistory.none(), connectJson);
  }

  private ParquetBatchWriter(
      SchemaNode schema,
      String connectJson,
      OutputFile file,
      BatchWriterOptions options,
      DictionaryHistory history,
      Object historyKey)
      throws IOException {
    WriteSupport<Object> support = new ConnectWriteSupport(schema, connectJson);
    Builder builder =
        new Builder(file, support)
            .withConf(new PlainParquetConfiguration())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(codec(options.codec()))
            .withRowGroupSize(options.rowGroupBytes())
            // Measure from the first row on: parquet-java's default waits 100 rows, which for
            // large rows is far past the row-group size. Later checks stay adaptive.
            .withMinRowCountForPageSizeCheck(1);
    for (String column : history.plainColumns(historyKey)) {
      builder.withDictionaryEncoding(column, false);
    }
    this.writer = builder.build();
    this.history = history;
    this.historyKey = historyKey;
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
    writer.write(value);
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
    history.finished(historyKey, writer.getFooter());
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
