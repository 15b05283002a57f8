package io.ductstream.format.proto;

import com.google.protobuf.Descriptors.Descriptor;
import io.ductstream.format.FramedConverter;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.PayloadSniffer;
import io.ductstream.format.WireFormat;
import io.ductstream.format.WriterSchema;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;

/**
 * {@code value.converter=io.ductstream.format.proto.ProtoConverter}: {@code D5 04}, the writer
 * schema's fingerprint, then a protobuf message of the descriptor derived from the Connect schema
 * (see {@link ProtoLayout}); the Connect schema travels in the {@code ductstream.schema} header.
 */
public class ProtoConverter extends FramedConverter<Descriptor> {
  public ProtoConverter() {
    super(WireFormat.PROTO, PayloadSniffer.FRAME_MAGIC, PayloadSniffer.PROTO_ID);
  }

  @Override
  public Descriptor compile(SchemaNode node, String connectJson) {
    return ProtoDescriptorMapper.toDescriptor(node);
  }

  @Override
  public long fingerprint(Descriptor compiled, byte[] connectJson) {
    return ConnectSchemaJson.fingerprint(connectJson);
  }

  @Override
  protected void encode(WriterSchema<Descriptor> schema, Object value, GrowableBytes out) {
    ProtoValueCodec.writeRoot(schema.node(), value, out);
  }

  @Override
  protected Object decode(WriterSchema<Descriptor> schema, byte[] bytes, int offset) {
    return ProtoValueCodec.readRoot(schema.node(), bytes, offset, bytes.length);
  }
}
