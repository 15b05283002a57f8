package io.ductstream.format.proto;

import io.ductstream.format.BatchWriter;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.kafka.connect.data.Schema;

/**
 * Length-delimited protobuf: each record is a varint length and a message, as {@code
 * writeDelimitedTo} writes them. The file holds no schema; the descriptor is {@link
 * ProtoDescriptorMapper#toDescriptor} of the Connect schema (the S3 sink stores it beside).
 */
public final class ProtoDelimitedWriter implements BatchWriter {
  private static final int FLUSH_BYTES = 64 * 1024;

  private final SchemaNode node;
  private final OutputStream out;
  private final GrowableBytes buffer = new GrowableBytes(FLUSH_BYTES * 2);
  private long flushed;
  private long rows;

  public ProtoDelimitedWriter(Schema schema, OutputStream out) {
    this.node = SchemaNode.of(schema);
    this.out = out;
  }

  @Override
  public void write(Object value) throws IOException {
    buffer.write(0);
    int start = buffer.size();
    ProtoValueCodec.writeRoot(node, value, buffer);
    buffer.patchLengthPrefix(start);
    rows++;
    if (buffer.size() >= FLUSH_BYTES) {
      flush();
    }
  }

  private void flush() throws IOException {
    out.write(buffer.array(), 0, buffer.size());
    flushed += buffer.size();
    buffer.reset();
  }

  @Override
  public long rowsWritten() {
    return rows;
  }

  @Override
  public long bytesWritten() {
    return flushed + buffer.size();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
