package io.ductstream.format.parquet;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.FramedConverter;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.PayloadSniffer;
import io.ductstream.format.WireFormat;
import io.ductstream.format.WriterSchema;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * {@code value.converter=io.ductstream.format.parquet.ParquetConverter}: {@code D5 02}, the writer
 * schema's fingerprint, then a complete, self-describing Parquet file of one row group with one row
 * (uncompressed: a single row does not compress). Heavy per record; meant for pipelines that must
 * keep Parquet end to end. The Connect schema travels in the {@code ductstream.schema} header and
 * in the file's own metadata.
 */
public class ParquetConverter extends FramedConverter<SchemaNode> {
  private static final BatchWriterOptions OPTIONS =
      BatchWriterOptions.defaults().withCodec(BatchWriterOptions.Codec.NONE);

  public ParquetConverter() {
    super(WireFormat.PARQUET, PayloadSniffer.FRAME_MAGIC, PayloadSniffer.PARQUET_ID);
  }

  @Override
  public SchemaNode compile(SchemaNode node, String connectJson) {
    return node;
  }

  @Override
  public long fingerprint(SchemaNode compiled, byte[] connectJson) {
    return ConnectSchemaJson.fingerprint(connectJson);
  }

  @Override
  protected void encode(WriterSchema<SchemaNode> schema, Object value, GrowableBytes out)
      throws IOException {
    OutputStream body =
        new OutputStream() {
          @Override
          public void write(int b) {
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
          }
        };
    try (ParquetBatchWriter writer =
        new ParquetBatchWriter(
            schema.node(),
            new String(schema.connectJson(), StandardCharsets.UTF_8),
            new StreamOutputFile(body),
            OPTIONS)) {
      writer.write(value);
    }
  }

  @Override
  protected Object decode(WriterSchema<SchemaNode> schema, byte[] bytes, int offset)
      throws IOException {
    BytesInputFile file = new BytesInputFile(bytes, offset, bytes.length - offset);
    refuseWhatCouldExpand(file, bytes.length - offset);
    List<SchemaAndValue> rows = ParquetFileReader.readAll(file);
    if (rows.size() != 1) {
      throw new IOException("expected one row, found " + rows.size());
    }
    return rows.get(0).value();
  }

  /**
   * A payload is one uncompressed row group of one row, as {@link #encode} writes it. Anything else
   * is refused from its footer, before a page is read: a compressed page could declare (and so make
   * the reader allocate and inflate) far more than the payload holds, and a row group that says it
   * is larger than the payload is not one of ours.
   */
  private static void refuseWhatCouldExpand(BytesInputFile file, long payloadBytes)
      throws IOException {
    ParquetMetadata footer;
    try (org.apache.parquet.hadoop.ParquetFileReader reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(file)) {
      footer = reader.getFooter();
    }
    List<BlockMetaData> groups = footer.getBlocks();
    if (groups.size() != 1 || groups.get(0).getRowCount() != 1) {
      throw new IOException(
          "expected one row group of one row, found "
              + groups.size()
              + " row group(s)"
              + (groups.isEmpty()
                  ? ""
                  : " (the first of " + groups.get(0).getRowCount() + " rows)"));
    }
    for (ColumnChunkMetaData column : groups.get(0).getColumns()) {
      if (column.getCodec() != CompressionCodecName.UNCOMPRESSED) {
        throw new IOException(
            "column "
                + column.getPath()
                + " is compressed with "
                + column.getCodec()
                + "; a Parquet record payload is uncompressed");
      }
      if (column.getTotalUncompressedSize() > payloadBytes
          || column.getTotalSize() > payloadBytes) {
        throw new IOException(
            "column "
                + column.getPath()
                + " declares "
                + column.getTotalUncompressedSize()
                + " bytes in a payload of "
                + payloadBytes);
      }
    }
  }
}
