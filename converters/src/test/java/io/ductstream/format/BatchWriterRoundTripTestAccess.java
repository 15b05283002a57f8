package io.ductstream.format;

import io.ductstream.format.arrow.ArrowFileReader;
import io.ductstream.format.avro.AvroContainerReader;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.connect.data.SchemaAndValue;

/** Reads the self-describing file formats (their Connect schema is in the file). */
final class BatchWriterRoundTripTestAccess {
  private BatchWriterRoundTripTestAccess() {}

  static List<Object> readSelfDescribing(WireFormat format, byte[] file) throws IOException {
    List<SchemaAndValue> rows =
        switch (format) {
          case PARQUET -> ParquetFileReader.readAll(new BytesInputFile(file));
          case ARROW -> ArrowFileReader.readAll(file);
          case AVRO -> AvroContainerReader.readAll(new ByteArrayInputStream(file));
          default -> throw new IllegalArgumentException(format + " files carry no schema");
        };
    return rows.stream().map(SchemaAndValue::value).toList();
  }
}
