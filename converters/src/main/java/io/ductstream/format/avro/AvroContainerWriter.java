package io.ductstream.format.avro;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.CountingOutputStream;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;

/**
 * An Avro object container file of Connect records; the Connect schema is in the file metadata
 * under {@value #CONNECT_SCHEMA_META} so DuctStream reads it back exactly, while any Avro reader
 * reads the Avro schema.
 */
public final class AvroContainerWriter implements BatchWriter {
  public static final String CONNECT_SCHEMA_META = "ductstream.connect.schema";

  private final CountingOutputStream out;
  private final DataFileWriter<Object> writer;
  private final SchemaNode node;
  private final GrowableBytes datum = new GrowableBytes(256);
  private long rows;

  public AvroContainerWriter(
      org.apache.kafka.connect.data.Schema schema, OutputStream output, BatchWriterOptions options)
      throws IOException {
    this.node = SchemaNode.of(schema);
    Schema avro = AvroSchemaMapper.toAvro(node);
    this.out = new CountingOutputStream(output);
    this.writer = new DataFileWriter<>(new GenericDatumWriter<>());
    writer.setCodec(codec(options.codec()));
    writer.setMeta(CONNECT_SCHEMA_META, new ConnectSchemaJson().toJson(schema));
    writer.create(avro, out);
  }

  private static CodecFactory codec(BatchWriterOptions.Codec codec) {
    return switch (codec) {
      case SNAPPY -> CodecFactory.snappyCodec();
      case ZSTD -> CodecFactory.zstandardCodec(3);
      case GZIP -> CodecFactory.deflateCodec(6);
      case NONE -> CodecFactory.nullCodec();
    };
  }

  @Override
  public void write(Object value) throws IOException {
    datum.reset();
    AvroValueCodec.write(node, value, datum);
    writer.appendEncoded(ByteBuffer.wrap(datum.array(), 0, datum.size()));
    rows++;
  }

  @Override
  public long rowsWritten() {
    return rows;
  }

  @Override
  public long bytesWritten() {
    return out.count();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
