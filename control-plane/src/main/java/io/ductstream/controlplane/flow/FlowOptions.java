package io.ductstream.controlplane.flow;

/**
 * The option names of flow endpoints, as the original DuctStream's flow files spell them. Every
 * value is a string.
 */
public final class FlowOptions {
  /** The format of the records an endpoint reads or writes; overrides the flow's wire_format. */
  public static final String FORMAT = "format";

  // Postgres source
  public static final String DSN = "dsn";
  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String DATABASE = "database";
  public static final String USER = "user";
  public static final String PASSWORD = "password";
  public static final String SSLMODE = "sslmode";
  public static final String SLOT = "slot";
  public static final String CREATE_SLOT = "create_slot";
  public static final String PUBLICATION = "publication";
  public static final String ENSURE_PUBLICATION = "ensure_publication";
  public static final String PUBLICATION_TABLES = "publication_tables";
  public static final String START_LSN = "start_lsn";
  public static final String BATCH_SIZE = "batch_size";
  public static final String BATCH_TIMEOUT = "batch_timeout";
  public static final String STATUS_INTERVAL = "status_interval";
  public static final String SNAPSHOT_MODE = "snapshot_mode";
  public static final String SNAPSHOT_WORKERS = "snapshot_workers";
  public static final String SNAPSHOT_CHUNK_ROWS = "snapshot_chunk_rows";

  /**
   * {@code "true"} or {@code "false"}: whether this flow holds at a schema change until its DDL
   * event is applied; overrides DUCTSTREAM_DDL_GATE for the flow.
   */
  public static final String DDL_GATE = "ddl_gate";

  // Postgres source options of the original DuctStream that are refused (OptionRules says why)
  public static final String PUBLICATION_SCHEMAS = "publication_schemas";
  public static final String EMIT_EMPTY = "emit_empty";
  public static final String PARTITION_COLUMN = "partition_column";
  public static final String PARTITION_COUNT = "partition_count";

  // Kafka destination
  public static final String BROKERS = "brokers";
  public static final String TOPIC = "topic";

  /**
   * {@code "true"}: changes go to one topic per table, {@code <topic>.<schema>.<table>}; {@code
   * "false"} (the default): every change of the flow goes to {@code topic}, keyed by table and
   * primary key, as the original DuctStream wrote them.
   */
  public static final String TOPIC_PER_TABLE = "topic_per_table";

  public static final String ACKS = "acks";

  // S3 destination
  public static final String BUCKET = "bucket";
  public static final String PREFIX = "prefix";
  public static final String REGION = "region";
  public static final String ENDPOINT = "endpoint";
  public static final String PARTITION_BY = "partition_by";
  public static final String FLUSH_SIZE = "flush_size";
  public static final String ROTATE_INTERVAL = "rotate_interval";
  public static final String ACCESS_KEY = "access_key";
  public static final String SECRET_KEY = "secret_key";
  public static final String FORCE_PATH_STYLE = "force_path_style";

  /** {@code flat} (default): one flat row per change; {@code envelope}: change records as is. */
  public static final String LAYOUT = "layout";

  // Kafka and S3 destinations
  public static final String COMPRESSION = "compression";

  private FlowOptions() {}
}
