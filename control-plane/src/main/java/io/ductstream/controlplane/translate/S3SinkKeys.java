package io.ductstream.controlplane.translate;

import io.ductstream.sink.s3.config.S3SinkConfig;

/**
 * The configuration keys of the S3 sink connector the flow translation renders: references to the
 * connector's own {@link S3SinkConfig} (compile-time constants, so the API server needs no sink jar
 * at run time).
 */
public final class S3SinkKeys {
  public static final String CONNECTOR_CLASS = "io.ductstream.sink.s3.S3SinkConnector";

  public static final String TOPICS = "topics";
  public static final String TOPICS_REGEX = "topics.regex";
  public static final String BUCKET = S3SinkConfig.BUCKET;
  public static final String PREFIX = S3SinkConfig.PREFIX;
  public static final String REGION = S3SinkConfig.REGION;
  public static final String ENDPOINT = S3SinkConfig.ENDPOINT;
  public static final String PATH_STYLE = S3SinkConfig.PATH_STYLE;
  public static final String ACCESS_KEY_ID = S3SinkConfig.ACCESS_KEY_ID;
  public static final String SECRET_ACCESS_KEY = S3SinkConfig.SECRET_ACCESS_KEY;
  public static final String FORMAT = S3SinkConfig.FORMAT;
  public static final String PARQUET_CODEC = S3SinkConfig.PARQUET_CODEC;
  public static final String LAYOUT = S3SinkConfig.LAYOUT;
  public static final String FLUSH_SIZE = S3SinkConfig.FLUSH_SIZE;
  public static final String ROTATE_INTERVAL_MS = S3SinkConfig.ROTATE_INTERVAL_MS;
  public static final String ROTATE_SCHEDULE_INTERVAL_MS = S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS;
  public static final String PARTITIONER = S3SinkConfig.PARTITIONER;
  public static final String PARTITIONER_FIELD = S3SinkConfig.PARTITIONER_FIELD;
  public static final String PATH_FORMAT = S3SinkConfig.PATH_FORMAT;

  /** Values of {@link #PARTITIONER}. */
  public static final String PARTITIONER_TABLE = "table";

  public static final String PARTITIONER_TIME = "time";
  public static final String PARTITIONER_FIELD_VALUE = "field";

  private S3SinkKeys() {}
}
