package io.ductstream.format.avro;

import io.ductstream.format.FramedConverter;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.WireFormat;
import io.ductstream.format.WriterSchema;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * {@code value.converter=io.ductstream.format.avro.AvroConverter}: Avro single-object encoding
 * ({@code C3 01}, the CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, the
 * binary body). The writer's Connect schema travels in the {@code ductstream.schema} header.
 */
public class AvroConverter extends FramedConverter<Schema> {
  private final ByteArrayDecoder decoder = new ByteArrayDecoder();

  public AvroConverter() {
    super(WireFormat.AVRO, (byte) 0xC3, (byte) 0x01);
  }

  @Override
  public Schema compile(SchemaNode node, String connectJson) {
    return AvroSchemaMapper.toAvro(node);
  }

  @Override
  public long fingerprint(Schema compiled, byte[] connectJson) {
    return SchemaNormalization.parsingFingerprint64(compiled);
  }

  @Override
  protected void encode(WriterSchema<Schema> schema, Object value, GrowableBytes out) {
    AvroValueCodec.write(schema.node(), value, out);
  }

  @Override
  protected Object decode(WriterSchema<Schema> schema, byte[] bytes, int offset)
      throws IOException {
    decoder.reset(bytes, offset, bytes.length - offset);
    Object value = AvroValueCodec.read(schema.node(), decoder);
    if (!decoder.isEnd()) {
      throw new IOException("trailing bytes after the record");
    }
    return value;
  }
}
