package io.ductstream.format;

import io.ductstream.format.arrow.ArrowFileWriter;
import io.ductstream.format.avro.AvroContainerWriter;
import io.ductstream.format.json.JsonLinesWriter;
import io.ductstream.format.parquet.DictionaryHistory;
import io.ductstream.format.parquet.ParquetBatchWriter;
import io.ductstream.format.proto.ProtoDelimitedWriter;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.kafka.connect.data.Schema;

/**
 * Creates the file writer of a wire format: Parquet, Arrow IPC file, Avro object container file,
 * JSON Lines, or length-delimited protobuf.
 */
public final class BatchWriters {
  private BatchWriters() {}

  public static BatchWriter create(
      WireFormat format, Schema schema, OutputStream out, BatchWriterOptions options)
      throws IOException {
    return create(format, schema, out, options, DictionaryHistory.none());
  }

  /**
   * @param history what the earlier Parquet files of this writer of many files said about their
   *     columns' dictionaries (other formats ignore it)
   */
  public static BatchWriter create(
      WireFormat format,
      Schema schema,
      OutputStream out,
      BatchWriterOptions options,
      DictionaryHistory history)
      throws IOException {
    return switch (format) {
      case PARQUET -> new ParquetBatchWriter(schema, out, options, history);
      case ARROW -> new ArrowFileWriter(schema, out, options);
      case AVRO -> new AvroContainerWriter(schema, out, options);
      case JSON -> new JsonLinesWriter(schema, out);
      case PROTO -> new ProtoDelimitedWriter(schema, out);
    };
  }

  /** The usual file name extension of the format's files. */
  public static String extension(WireFormat format) {
    return switch (format) {
      case PARQUET -> ".parquet";
      case ARROW -> ".arrow";
      case AVRO -> ".avro";
      case JSON -> ".jsonl";
      case PROTO -> ".pb";
    };
  }
}
