package io.ductstream.sink.s3.schema;

import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.upload.ObjectStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;

/**
 * Schema versions of the values: a version is the CRC-64 fingerprint of the schema's Kafka JSON
 * form. Each table path gets one {@code _schemas/<fingerprint>.json} object per version, written
 * before the first data object of that version.
 */
public final class SchemaVersions {
  /** A schema's version: its fingerprint and JSON form. */
  public record Version(long fingerprint, byte[] json) {}

  private static final int MAX_CACHED = 256;

  private final ConnectSchemaJson json = new ConnectSchemaJson();
  private final Map<Schema, Version> versions =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Schema, Version> eldest) {
          return size() > MAX_CACHED;
        }
      };
  private final Set<String> written = new HashSet<>();
  private Schema lastSchema;
  private Version lastVersion;

  /** The version of {@code schema}; computed once per distinct schema. */
  public Version of(Schema schema) {
    if (schema == lastSchema) {
      return lastVersion;
    }
    Version version = versions.get(schema);
    if (version == null) {
      byte[] text = ConnectSchemaJson.utf8(json.toJson(schema));
      version = new Version(ConnectSchemaJson.fingerprint(text), text);
      versions.put(schema, version);
    }
    lastSchema = schema;
    lastVersion = version;
    return version;
  }

  /** Writes the schema object of {@code version} under {@code tablePath} unless this task did. */
  public void ensureWritten(
      ObjectStore store, ObjectNamer namer, String tablePath, Version version) {
    String key = namer.schemaKey(tablePath, version.fingerprint());
    if (written.contains(key)) {
      return;
    }
    store.put(key, version.json(), "application/json");
    written.add(key);
  }
}
