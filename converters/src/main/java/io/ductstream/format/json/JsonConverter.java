package io.ductstream.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ductstream.format.GrowableBytes;
import io.ductstream.format.MismatchPolicy;
import io.ductstream.format.PayloadSniffer;
import io.ductstream.format.RecordLocation;
import io.ductstream.format.WireConverterConfig;
import io.ductstream.format.WireFormat;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * {@code value.converter=io.ductstream.format.json.JsonConverter}: JSON text. With {@code
 * schemas.enable=true} (default) each record is {@code {"schema": <Kafka's JSON schema form>,
 * "payload": ...}} like Kafka's JsonConverter, and reads back to the exact Connect schema and
 * values; with {@code schemas.enable=false} it is the bare value, read back schemaless (maps,
 * lists, strings, numbers). Unlike Kafka's JsonConverter, NaN and infinities survive.
 */
public class JsonConverter implements Converter {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final JsonFactory FACTORY =
      new JsonFactory().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private final ConnectSchemaJson schemaJson = new ConnectSchemaJson();
  private final GrowableBytes out = new GrowableBytes(256);
  private final Map<Schema, SchemaNode> nodes = lru();
  private final Map<Schema, String> schemaTexts = lru();
  private final Map<JsonNode, Schema> parsedSchemas = lru();
  private boolean schemasEnable;
  private MismatchPolicy policy;

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > 1000;
      }
    };
  }

  @Override
  public ConfigDef config() {
    return WireConverterConfig.configDef();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    WireConverterConfig config = WireConverterConfig.of(config(), configs, isKey);
    schemasEnable = config.schemasEnable();
    policy = new MismatchPolicy(WireFormat.JSON, config.enforce());
  }

  /** Payloads read since {@link #configure} that were not JSON of the configured shape. */
  public long mismatchCount() {
    return policy.mismatches();
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    if (value == null) {
      // A null value is a tombstone (log compaction deletes the key), schema or not.
      return null;
    }
    out.reset();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      if (schemasEnable) {
        json.writeStartObject();
        json.writeFieldName("schema");
        if (schema == null) {
          json.writeNull();
        } else {
          json.writeRawValue(schemaTexts.computeIfAbsent(schema, schemaJson::toJson));
        }
        json.writeFieldName("payload");
        writeValue(schema, value, json);
        json.writeEndObject();
      } else {
        writeValue(schema, value, json);
      }
    } catch (IOException | ClassCastException e) {
      throw new DataException("cannot encode record for topic \"" + topic + "\" as JSON: " + e, e);
    }
    return out.toByteArray();
  }

  private void writeValue(Schema schema, Object value, JsonGenerator json) throws IOException {
    if (schema == null) {
      JsonValueCodec.writeSchemaless(value, json);
    } else {
      JsonValueCodec.write(nodes.computeIfAbsent(schema, SchemaNode::of), value, json);
    }
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    return toConnectData(RecordLocation.ofTopic(topic), value);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
    return toConnectData(RecordLocation.ofTopic(topic), value);
  }

  /** Decodes one payload; callers that know partition and offset pass them for errors. */
  public SchemaAndValue toConnectData(RecordLocation where, byte[] value) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(value);
    } catch (IOException e) {
      throw policy.mismatch(
          where, "not JSON (" + PayloadSniffer.describe(value) + "): " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw policy.mismatch(where, "an empty payload", null);
    }
    if (!schemasEnable) {
      return new SchemaAndValue(null, JsonValueCodec.readSchemaless(tree));
    }
    if (!tree.isObject() || !tree.has("schema") || !tree.has("payload") || tree.size() != 2) {
      throw policy.mismatch(
          where,
          "expected {\"schema\": ..., \"payload\": ...} (schemas.enable=true); set"
              + " schemas.enable=false for plain JSON",
          null);
    }
    JsonNode schemaNode = tree.get("schema");
    if (schemaNode.isNull()) {
      return new SchemaAndValue(null, JsonValueCodec.readSchemaless(tree.get("payload")));
    }
    try {
      Schema schema = parsedSchemas.computeIfAbsent(schemaNode, schemaJson::fromJson);
      Object payload =
          JsonValueCodec.read(nodes.computeIfAbsent(schema, SchemaNode::of), tree.get("payload"));
      return new SchemaAndValue(schema, payload);
    } catch (RuntimeException | StackOverflowError e) {
      throw policy.mismatch(where, "payload does not match its schema: " + e.getMessage(), e);
    }
  }
}
