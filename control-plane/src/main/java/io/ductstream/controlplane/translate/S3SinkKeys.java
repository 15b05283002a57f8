package io.ductstream.controlplane.translate;

/**
 * The configuration keys of the S3 sink connector ({@code connector-sink-s3}), in one place until
 * that connector's own config class exists; then these become references to it.
 */
public final class S3SinkKeys {
  public static final String CONNECTOR_CLASS = "io.ductstream.sink.s3.S3SinkConnector";

  public static final String TOPICS_REGEX = "topics.regex";
  public static final String BUCKET = "s3.bucket";
  public static final String PREFIX = "s3.prefix";
  public static final String REGION = "s3.region";
  public static final String ENDPOINT = "s3.endpoint";
  public static final String PATH_STYLE = "s3.path.style";
  public static final String ACCESS_KEY_ID = "s3.access.key.id";
  public static final String SECRET_ACCESS_KEY = "s3.secret.access.key";
  public static final String FORMAT = "format";
  public static final String PARQUET_CODEC = "parquet.codec";
  public static final String FLUSH_SIZE = "flush.size";
  public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
  public static final String PARTITIONER = "partitioner";
  public static final String PARTITIONER_FIELD = "partitioner.field";
  public static final String PATH_FORMAT = "path.format";

  /** Values of {@link #PARTITIONER}. */
  public static final String PARTITIONER_TABLE = "table";

  public static final String PARTITIONER_TIME = "time";
  public static final String PARTITIONER_FIELD_VALUE = "field";

  private S3SinkKeys() {}
}
