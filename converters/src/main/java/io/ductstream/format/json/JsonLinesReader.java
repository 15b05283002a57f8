package io.ductstream.format.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;

/** Reads a JSON Lines file back into Connect values of {@code schema} (or schemaless values). */
public final class JsonLinesReader {
  private JsonLinesReader() {}

  public static List<Object> readAll(Schema schema, InputStream in) throws IOException {
    SchemaNode node = schema == null ? null : SchemaNode.of(schema);
    List<Object> rows = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        JsonConverter.MAPPER.readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNext()) {
        JsonNode line = it.next();
        rows.add(
            node == null ? JsonValueCodec.readSchemaless(line) : JsonValueCodec.read(node, line));
      }
    }
    return rows;
  }
}
