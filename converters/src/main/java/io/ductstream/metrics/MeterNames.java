package io.ductstream.metrics;

/**
 * The names of DuctStream's meters, one scheme for both places they are published: the Prometheus
 * endpoint of {@code bin/ductstream} and {@code bin/ductstream-worker} ({@code /metrics}) and a
 * Kafka Connect worker's plugin metrics (KIP-877, MBeans {@code kafka.connect:type=plugins,...}). A
 * name ending in {@code _total} is a counter, every other one a gauge. docs/metrics.md lists them.
 */
public final class MeterNames {
  /** Change rows the source handed to the runtime, tagged {@link #TABLE} and {@link #OP}. */
  public static final String ROWS = "ductstream_rows_total";

  /** Estimated bytes of those rows' column values, tagged {@link #TABLE} and {@link #OP}. */
  public static final String BYTES = "ductstream_bytes_total";

  /** WAL bytes between the server's current position and the slot's confirmed position. */
  public static final String LAG_BYTES = "ductstream_replication_lag_bytes";

  /** Seconds between the commit of the last change handed over and its hand-over. */
  public static final String LAG_SECONDS = "ductstream_replication_lag_seconds";

  /** WAL bytes the slot keeps on the server (from its restart position). */
  public static final String RETAINED_WAL_BYTES = "ductstream_slot_retained_wal_bytes";

  /** Seconds since the last checkpoint (offset commit); since the task started before the first. */
  public static final String CHECKPOINT_AGE_SECONDS = "ductstream_checkpoint_age_seconds";

  /** Rows the snapshot read, tagged {@link #TABLE}. */
  public static final String SNAPSHOT_ROWS = "ductstream_snapshot_rows_total";

  /** Rows the snapshot expects (pg_class.reltuples), tagged {@link #TABLE}. */
  public static final String SNAPSHOT_ROWS_ESTIMATED = "ductstream_snapshot_rows_estimated";

  /** Snapshot chunks read. */
  public static final String SNAPSHOT_CHUNKS = "ductstream_snapshot_chunks_total";

  /** Data objects the S3 sink uploaded. */
  public static final String S3_OBJECTS = "ductstream_s3_objects_total";

  /** Bytes of those objects. */
  public static final String S3_BYTES = "ductstream_s3_bytes_total";

  /** S3 requests retried after a failure that may pass. */
  public static final String S3_UPLOAD_RETRIES = "ductstream_s3_upload_retries_total";

  /** Payloads a converter found not in its wire format, tagged {@link #FORMAT}. */
  public static final String CONVERTER_MISMATCHES = "ductstream_converter_mismatches_total";

  /** Schema changes waiting for approval in the store, tagged {@link #FLOW}. */
  public static final String DDL_EVENTS_PENDING = "ductstream_ddl_events_pending";

  /** Runs of a flow the API server started again after a failure, tagged {@link #FLOW}. */
  public static final String TASK_RESTARTS = "ductstream_task_restarts_total";

  /** The flow's name (on a Kafka Connect worker: the {@code connector} tag instead). */
  public static final String FLOW = "flow";

  /** The flow's destination (the runtime's S3 meters). */
  public static final String DESTINATION = "destination";

  /** {@code schema.table} of the source table. */
  public static final String TABLE = "table";

  /** The change's {@code op}: c, u, d, r (snapshot read) or t (truncate). */
  public static final String OP = "op";

  /** A wire format name. */
  public static final String FORMAT = "format";

  /** The suffix that makes a name a counter. */
  public static final String COUNTER_SUFFIX = "_total";

  private MeterNames() {}

  /** True for a counter's name. */
  public static boolean isCounter(String name) {
    return name.endsWith(COUNTER_SUFFIX);
  }

  /**
   * A counter's name without {@code _total}, as Micrometer takes it (its Prometheus names add it).
   */
  public static String counterBase(String name) {
    return isCounter(name) ? name.substring(0, name.length() - COUNTER_SUFFIX.length()) : name;
  }
}
