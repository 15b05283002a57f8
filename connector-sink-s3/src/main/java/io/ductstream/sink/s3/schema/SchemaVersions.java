package io.ductstream.sink.s3.schema;

import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.upload.ObjectStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema versions of the values. A schema with a Connect {@code version()} (the source's table
 * schema version) gets the object {@code _schemas/v<version>.json} under its table path; one
 * without gets {@code _schemas/<fingerprint>.json}, the CRC-64 fingerprint of its Kafka JSON form.
 * The object is written before the first data object of that schema.
 */
public final class SchemaVersions {
  private static final Logger log = LoggerFactory.getLogger(SchemaVersions.class);

  /**
   * A schema's identity: its fingerprint (which changes with its version too), its Connect version
   * (null when unset) and its JSON form.
   */
  public record Version(long fingerprint, Integer version, byte[] json) {}

  private static final int MAX_CACHED = 256;

  private final ConnectSchemaJson json = new ConnectSchemaJson();
  private final Map<Schema, Version> versions =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Schema, Version> eldest) {
          return size() > MAX_CACHED;
        }
      };

  /**
   * How many schema object keys are remembered; one forgotten is read from the store again (a GET)
   * before its next use, so the bound costs requests, never a wrong schema object.
   */
  static final int MAX_CLAIMED = 1024;

  /**
   * Schema object keys this task wrote or found, with the fingerprint of the schema they hold; the
   * least recently used are forgotten beyond {@link #MAX_CLAIMED} (tables and versions come and go
   * over the life of a task).
   */
  private final Map<String, Long> claimed;

  public SchemaVersions() {
    this(MAX_CLAIMED);
  }

  /** For tests: remembers at most {@code maxClaimed} schema object keys. */
  SchemaVersions(int maxClaimed) {
    this.claimed =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > maxClaimed;
          }
        };
  }

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
      version = new Version(ConnectSchemaJson.fingerprint(text), schema.version(), text);
      versions.put(schema, version);
    }
    lastSchema = schema;
    lastVersion = version;
    return version;
  }

  /**
   * Writes the schema object of {@code version} under {@code tablePath} unless it is there. A
   * versioned object that already holds a different schema of the same version is never replaced:
   * that schema is written under its fingerprint name instead.
   *
   * @return the key of the schema object
   */
  public String ensureWritten(
      ObjectStore store, ObjectNamer namer, String tablePath, Version version) {
    String versionedKey = null;
    if (version.version() != null) {
      versionedKey = namer.versionedSchemaKey(tablePath, version.version());
      if (claimVersioned(store, versionedKey, version)) {
        return versionedKey;
      }
    }
    String key = namer.schemaKey(tablePath, version.fingerprint());
    if (claimed.get(key) == null) {
      if (versionedKey != null) {
        log.warn(
            "{} holds another schema of version {} than the records now written; not replacing"
                + " it: this schema is written to {}. Two schemas with one version mean the"
                + " source's version store and the topic disagree; check the source's"
                + " ddl.store.dsn and ddl.flow.id",
            versionedKey,
            version.version(),
            key);
      }
      store.put(key, version.json(), "application/json");
      claimed.put(key, version.fingerprint());
    }
    return key;
  }

  /** True when {@code key} holds (now) the schema of {@code version}. */
  private boolean claimVersioned(ObjectStore store, String key, Version version) {
    Long holder = claimed.get(key);
    if (holder == null) {
      // another task, or an earlier run of this one, may have written it
      Optional<byte[]> existing = store.get(key);
      if (existing.isEmpty()) {
        store.put(key, version.json(), "application/json");
        holder = version.fingerprint();
      } else {
        holder =
            Arrays.equals(existing.get(), version.json())
                ? version.fingerprint()
                : ConnectSchemaJson.fingerprint(existing.get());
      }
      claimed.put(key, holder);
    }
    return holder == version.fingerprint();
  }

  /** How many schema object keys are remembered now. */
  int claimedCount() {
    return claimed.size();
  }
}
