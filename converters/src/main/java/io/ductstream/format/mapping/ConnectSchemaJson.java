package io.ductstream.format.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The text form of a Connect schema that travels with records (schema header) and files (file
 * metadata): Kafka's own JSON schema form, so names, parameters, optionality and defaults survive
 * and any Kafka tool can read it.
 */
public final class ConnectSchemaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonConverter json = new JsonConverter();

  public ConnectSchemaJson() {
    json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
  }

  public String toJson(Schema schema) {
    return json.asJsonSchema(schema).toString();
  }

  public Schema fromJson(String text) {
    try {
      return fromJson(MAPPER.readTree(text));
    } catch (IOException e) {
      throw new DataException("schema is not valid JSON: " + e.getMessage(), e);
    }
  }

  public Schema fromJson(JsonNode node) {
    return json.asConnectSchema(node);
  }

  public JsonNode toJsonNode(Schema schema) {
    return json.asJsonSchema(schema);
  }

  /** CRC-64-AVRO (Rabin) fingerprint of bytes, as Avro computes schema fingerprints. */
  public static long fingerprint(byte[] bytes) {
    return SchemaNormalization.fingerprint64(bytes);
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
