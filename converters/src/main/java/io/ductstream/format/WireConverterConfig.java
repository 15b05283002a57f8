package io.ductstream.format;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.storage.ConverterConfig;

/** The settings every DuctStream converter takes. */
public class WireConverterConfig extends AbstractConfig {
  public static final String ENFORCE_CONFIG = "enforce";
  private static final String ENFORCE_DOC =
      "Check every payload read against the declared format (magic bytes and schema fingerprint)."
          + " true: a mismatch stops the task with an error naming the topic. false: a mismatch is"
          + " a DataException, so errors.tolerance=all sends the record to the dead letter queue,"
          + " and it is counted. The control plane sets it from DUCTSTREAM_WIRE_ENFORCE.";

  public static final String SCHEMA_HEADER_CONFIG = "schema.header";
  private static final String SCHEMA_HEADER_DOC =
      "Write the writer's Connect schema (Kafka's JSON schema form) in the record header "
          + "\"ductstream.schema\" (\"ductstream.key.schema\" for keys) so any reader can resolve"
          + " the payload's fingerprint.";

  public static final String SCHEMA_HEADER_ENCODING_CONFIG = "schema.header.encoding";
  private static final String SCHEMA_HEADER_ENCODING_DOC =
      "How the schema header holds the Connect schema's JSON: zlib (compressed, RFC 1950; about a"
          + " fifth of the size, and the header rides on every record) or none (the JSON as is,"
          + " readable with any Kafka tool). Readers accept both whatever this says.";

  public static final String SCHEMA_CACHE_SIZE_CONFIG = "schema.cache.size";
  private static final String SCHEMA_CACHE_SIZE_DOC =
      "Writer schemas kept per converter, looked up by fingerprint.";

  public static final String SCHEMAS_ENABLE_CONFIG = "schemas.enable";
  private static final String SCHEMAS_ENABLE_DOC =
      "json only: embed the schema in each record ({\"schema\":...,\"payload\":...}), as Kafka's"
          + " JsonConverter does. false: plain JSON, read back schemaless (maps, lists, values).";

  /** Header that carries the value writer's Connect schema as JSON. */
  public static final String SCHEMA_HEADER = "ductstream.schema";

  /**
   * Header that carries the key writer's Connect schema: key and value converters of one record
   * each need their own.
   */
  public static final String KEY_SCHEMA_HEADER = "ductstream.key.schema";

  /** The schema header of a key or value converter. */
  public static String schemaHeader(boolean isKey) {
    return isKey ? KEY_SCHEMA_HEADER : SCHEMA_HEADER;
  }

  public static ConfigDef configDef() {
    return ConverterConfig.newConfigDef()
        .define(
            ENFORCE_CONFIG, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.HIGH, ENFORCE_DOC)
        .define(
            SCHEMA_HEADER_CONFIG,
            ConfigDef.Type.BOOLEAN,
            true,
            ConfigDef.Importance.MEDIUM,
            SCHEMA_HEADER_DOC)
        .define(
            SCHEMA_HEADER_ENCODING_CONFIG,
            ConfigDef.Type.STRING,
            SchemaHeaderEncoding.ZLIB.configName(),
            ConfigDef.ValidString.in(
                SchemaHeaderEncoding.ZLIB.configName(), SchemaHeaderEncoding.NONE.configName()),
            ConfigDef.Importance.LOW,
            SCHEMA_HEADER_ENCODING_DOC)
        .define(
            SCHEMA_CACHE_SIZE_CONFIG,
            ConfigDef.Type.INT,
            1000,
            ConfigDef.Range.atLeast(1),
            ConfigDef.Importance.LOW,
            SCHEMA_CACHE_SIZE_DOC)
        .define(
            SCHEMAS_ENABLE_CONFIG,
            ConfigDef.Type.BOOLEAN,
            true,
            ConfigDef.Importance.MEDIUM,
            SCHEMAS_ENABLE_DOC);
  }

  public WireConverterConfig(ConfigDef def, Map<String, ?> props) {
    super(def, props);
  }

  /** The config of a key or value converter from the worker's properties. */
  public static WireConverterConfig of(ConfigDef def, Map<String, ?> configs, boolean isKey) {
    Map<String, Object> props = new HashMap<>(configs);
    props.putIfAbsent(ConverterConfig.TYPE_CONFIG, isKey ? "key" : "value");
    return new WireConverterConfig(def, props);
  }

  public boolean enforce() {
    return getBoolean(ENFORCE_CONFIG);
  }

  public boolean schemaHeader() {
    return getBoolean(SCHEMA_HEADER_CONFIG);
  }

  public SchemaHeaderEncoding schemaHeaderEncoding() {
    return SchemaHeaderEncoding.of(getString(SCHEMA_HEADER_ENCODING_CONFIG));
  }

  public int schemaCacheSize() {
    return getInt(SCHEMA_CACHE_SIZE_CONFIG);
  }

  public boolean schemasEnable() {
    return getBoolean(SCHEMAS_ENABLE_CONFIG);
  }
}
