package io.ductstream.format.proto;

import io.ductstream.format.mapping.SchemaNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads a file of {@link ProtoDelimitedWriter} back, given the Connect schema it was written with.
 */
public final class ProtoDelimitedReader {
  private ProtoDelimitedReader() {}

  public static List<Object> readAll(Schema schema, byte[] file) {
    SchemaNode node = SchemaNode.of(schema);
    ProtoValueCodec.Reader in = new ProtoValueCodec.Reader(file, 0);
    List<Object> rows = new ArrayList<>();
    while (in.pos < file.length) {
      int end = in.limit();
      if (end > file.length) {
        throw new DataException("truncated record at byte " + in.pos);
      }
      rows.add(ProtoValueCodec.readRoot(node, file, in.pos, end));
      in.pos = end;
    }
    return rows;
  }
}
