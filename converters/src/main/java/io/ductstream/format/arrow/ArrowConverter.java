package io.ductstream.format.arrow;

import io.ductstream.format.FramedConverter;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.PayloadSniffer;
import io.ductstream.format.WireFormat;
import io.ductstream.format.WriterSchema;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * {@code value.converter=io.ductstream.format.arrow.ArrowConverter}: {@code D5 01}, the writer
 * schema's fingerprint, then one Arrow IPC record-batch message of one row. The Arrow schema is not
 * repeated per record: it derives from the Connect schema, which travels in the {@code
 * ductstream.schema} header. Needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on Java 17.
 */
public class ArrowConverter extends FramedConverter<ArrowRowBatch> {
  private static final int CONTINUATION = 0xFFFFFFFF;
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private final BufferAllocator allocator = new RootAllocator();
  private final List<ArrowRowBatch> batches = new ArrayList<>();

  public ArrowConverter() {
    super(WireFormat.ARROW, PayloadSniffer.FRAME_MAGIC, PayloadSniffer.ARROW_ID);
  }

  @Override
  public ArrowRowBatch compile(SchemaNode node, String connectJson) {
    ArrowRowBatch batch = new ArrowRowBatch(node, connectJson, allocator);
    batches.add(batch);
    return batch;
  }

  /** Compiled schemas held (each with its vectors), at most {@code schema.cache.size}. */
  public int compiledSchemas() {
    return batches.size();
  }

  @Override
  public void release(ArrowRowBatch compiled) {
    batches.remove(compiled);
    compiled.close();
  }

  @Override
  public long fingerprint(ArrowRowBatch compiled, byte[] connectJson) {
    return ConnectSchemaJson.fingerprint(connectJson);
  }

  @Override
  protected void encode(WriterSchema<ArrowRowBatch> schema, Object value, GrowableBytes out)
      throws IOException {
    ArrowRowBatch batch = schema.compiled();
    batch.clear();
    batch.add(value);
    batch.seal();
    try (ArrowRecordBatch message = new VectorUnloader(batch.vectors()).getRecordBatch()) {
      MessageSerializer.serialize(
          new WriteChannel(Channels.newChannel(out)), message, IpcOption.DEFAULT);
    }
  }

  @Override
  protected Object decode(WriterSchema<ArrowRowBatch> schema, byte[] bytes, int offset)
      throws IOException {
    checkLengths(bytes, offset);
    ArrowRowBatch batch = schema.compiled();
    ReadChannel in =
        new ReadChannel(
            Channels.newChannel(new ByteArrayInputStream(bytes, offset, bytes.length - offset)));
    try (ArrowRecordBatch message = MessageSerializer.deserializeRecordBatch(in, allocator)) {
      if (message == null) {
        throw new IOException("no record batch after the frame");
      }
      new VectorLoader(batch.vectors()).load(message);
    }
    if (batch.loadedRows() != 1) {
      throw new IOException("expected one row, found " + batch.loadedRows());
    }
    return batch.get(0);
  }

  /**
   * An IPC message is a continuation marker, the metadata length, the metadata (a flatbuffer that
   * declares the body length) and the body. Arrow allocates both lengths before reading; a payload
   * may claim gigabytes in a few bytes, so both must fit in what the payload holds.
   */
  private static void checkLengths(byte[] bytes, int offset) throws IOException {
    int pos = offset;
    if (bytes.length - pos >= 4 && GrowableBytes.readIntLe(bytes, pos) == CONTINUATION) {
      pos += 4;
    }
    if (bytes.length - pos < 4) {
      throw new IOException("no Arrow IPC message after the frame");
    }
    int metadataLength = GrowableBytes.readIntLe(bytes, pos);
    pos += 4;
    if (metadataLength <= 0 || metadataLength > bytes.length - pos) {
      throw new IOException(
          "the Arrow message declares "
              + metadataLength
              + " bytes of metadata, the payload holds "
              + (bytes.length - pos));
    }
    Message message =
        Message.getRootAsMessage(ByteBuffer.wrap(bytes, pos, metadataLength).slice().order(LE));
    long bodyLength = message.bodyLength();
    long left = bytes.length - pos - metadataLength;
    if (bodyLength < 0 || bodyLength > left) {
      throw new IOException(
          "the Arrow message declares a body of "
              + bodyLength
              + " bytes, the payload holds "
              + left);
    }
  }

  @Override
  public void close() {
    batches.forEach(ArrowRowBatch::close);
    batches.clear();
    allocator.close();
  }
}
