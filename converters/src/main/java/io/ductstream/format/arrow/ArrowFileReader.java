package io.ductstream.format.arrow;

import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;

/** Reads an Arrow IPC file written by {@link ArrowFileWriter} back into Connect values. */
public final class ArrowFileReader {
  private ArrowFileReader() {}

  public static List<SchemaAndValue> readAll(byte[] file) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        org.apache.arrow.vector.ipc.ArrowFileReader reader =
            new org.apache.arrow.vector.ipc.ArrowFileReader(
                new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(file)),
                allocator)) {
      var root = reader.getVectorSchemaRoot();
      String json = root.getSchema().getCustomMetadata().get(ArrowSchemaMapper.CONNECT_SCHEMA_META);
      if (json == null) {
        throw new DataException(
            "Arrow file has no " + ArrowSchemaMapper.CONNECT_SCHEMA_META + " metadata");
      }
      Schema schema = new ConnectSchemaJson().fromJson(json);
      SchemaNode node = SchemaNode.of(schema);
      SchemaNode[] columns = ArrowSchemaMapper.columns(node);
      List<SchemaAndValue> rows = new ArrayList<>();
      while (reader.loadNextBatch()) {
        for (int r = 0; r < root.getRowCount(); r++) {
          Object value;
          if (node.isRecord()) {
            org.apache.kafka.connect.data.Struct struct =
                new org.apache.kafka.connect.data.Struct(schema);
            for (int i = 0; i < columns.length; i++) {
              struct.put(node.fields[i], ArrowVectorCodec.read(root.getVector(i), columns[i], r));
            }
            value = struct;
          } else {
            value = ArrowVectorCodec.read(root.getVector(0), columns[0], r);
          }
          rows.add(new SchemaAndValue(schema, value));
        }
      }
      return rows;
    }
  }
}
