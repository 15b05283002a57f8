package io.ductstream.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ductstream.format.BatchWriter;
import io.ductstream.format.CountingOutputStream;
import io.ductstream.format.mapping.SchemaNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.kafka.connect.data.Schema;

/** JSON Lines: one record per line, encoded as {@link JsonValueCodec} does (no embedded schema). */
public final class JsonLinesWriter implements BatchWriter {
  private static final JsonFactory FACTORY =
      new JsonFactory()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final SchemaNode node;
  private final CountingOutputStream counted;
  private final JsonGenerator json;
  private long rows;

  public JsonLinesWriter(Schema schema, OutputStream out) throws IOException {
    this.node = schema == null ? null : SchemaNode.of(schema);
    this.counted = new CountingOutputStream(new BufferedOutputStream(out, 64 * 1024));
    this.json = FACTORY.createGenerator(counted);
    json.setRootValueSeparator(null);
  }

  @Override
  public void write(Object value) throws IOException {
    if (node == null) {
      JsonValueCodec.writeSchemaless(value, json);
    } else {
      JsonValueCodec.write(node, value, json);
    }
    json.writeRaw('\n');
    rows++;
  }

  @Override
  public long rowsWritten() {
    return rows;
  }

  @Override
  public long bytesWritten() {
    return counted.count() + json.getOutputBuffered();
  }

  @Override
  public void close() throws IOException {
    json.close();
    counted.close();
  }
}
