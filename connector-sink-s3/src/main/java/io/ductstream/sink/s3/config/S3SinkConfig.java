package io.ductstream.sink.s3.config;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.WireFormat;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every configuration key of the S3 sink, declared once with type, default, validator and doc; the
 * connector validates with it and the task reads typed values from it.
 */
public final class S3SinkConfig extends AbstractConfig {
  public static final String BUCKET = "s3.bucket";
  public static final String PREFIX = "s3.prefix";
  public static final String GENERATION = "s3.generation";
  public static final String INDEX_PRUNE_INTERVAL_MS = "index.prune.interval.ms";
  public static final String REGION = "s3.region";
  public static final String ENDPOINT = "s3.endpoint";
  public static final String PATH_STYLE = "s3.path.style";
  public static final String ACCESS_KEY_ID = "s3.access.key.id";
  public static final String SECRET_ACCESS_KEY = "s3.secret.access.key";
  public static final String PART_SIZE = "s3.part.size";
  public static final String RETRIES = "s3.retries";
  public static final String RETRY_BACKOFF_MS = "s3.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "s3.retry.backoff.max.ms";
  public static final String REQUEST_TIMEOUT_MS = "s3.request.timeout.ms";
  public static final String RETRY_MAX_TOTAL_MS = "s3.retry.max.total.ms";

  /** The connector-level override of the consumer's poll interval, when the connector sets one. */
  public static final String CONSUMER_MAX_POLL_INTERVAL_MS =
      "consumer.override.max.poll.interval.ms";

  /** Kafka's default {@code max.poll.interval.ms}. */
  public static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000L;

  public static final String FORMAT = "format";
  public static final String PARQUET_CODEC = "parquet.codec";
  public static final String PARQUET_ROW_GROUP_BYTES = "parquet.row.group.bytes";
  public static final String LAYOUT = "layout";
  public static final String LAYOUT_FLAT = "flat";
  public static final String LAYOUT_ENVELOPE = "envelope";

  public static final String FLUSH_SIZE = "flush.size";
  public static final String ROTATE_BYTES = "rotate.bytes";
  public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
  public static final String ROTATE_SCHEDULE_INTERVAL_MS = "rotate.schedule.interval.ms";

  public static final String PARTITIONER = "partitioner";
  public static final String PARTITIONER_FIELD = "partitioner.field";
  public static final String PATH_FORMAT = "path.format";
  public static final String TIMEZONE = "timezone";

  public static final String BUFFER_MEMORY_BYTES = "buffer.memory.bytes";
  public static final String BUFFER_DIR = "buffer.dir";
  public static final String BUFFER_MAX_OPEN_OBJECTS = "buffer.max.open.objects";

  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  /**
   * S3 allows parts of 5 GiB, but a part is held in one byte array: 2047 MiB stays below the
   * largest array a JVM allocates.
   */
  public static final long MAX_PART_SIZE = 2047L * 1024 * 1024;

  private static final String GROUP_S3 = "S3";
  private static final String GROUP_FORMAT = "Format";
  private static final String GROUP_ROTATION = "Rotation";
  private static final String GROUP_PARTITIONING = "Partitioning";
  private static final String GROUP_BUFFER = "Buffering";

  /** The values of {@link #PARTITIONER}. */
  public enum PartitionerKind {
    TABLE,
    TIME,
    FIELD;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final ConfigDef CONFIG_DEF = configDef();

  public S3SinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    checkTogether(props);
  }

  private static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    int s3 = 0;
    def.define(
            BUCKET,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            Validators.notBlank("the name of the bucket the objects go to"),
            Importance.HIGH,
            "Bucket the objects are written to. It must exist; the connector does not create it.",
            GROUP_S3,
            ++s3,
            Width.MEDIUM,
            "Bucket")
        .define(
            PREFIX,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Key prefix of every object (without leading or trailing '/'), e.g. 'cdc/shop'. Empty"
                + " writes at the bucket's root. A topic's objects under a prefix belong to the first"
                + " connector that writes them (recorded in <prefix>/_index/<topic>+<partition>/owner):"
                + " another connector writing that topic there is refused.",
            GROUP_S3,
            ++s3,
            Width.MEDIUM,
            "Prefix")
        .define(
            GENERATION,
            Type.INT,
            0,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Above 0, every object (data, schemas, segment index) is written under"
                + " <prefix>/generation=<n>/ instead of <prefix>/. Raise it to write a new"
                + " incarnation of the topics (deleted and re-created, so their offsets start"
                + " again at 0, or consumer offsets reset) beside the objects already written,"
                + " which the task otherwise refuses to overwrite.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Prefix generation")
        .define(
            INDEX_PRUNE_INTERVAL_MS,
            Type.LONG,
            600_000L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Least time between two prunings of a partition's segment index"
                + " (<prefix>/_index/<topic>+<partition>/): at a commit, the entries of segments"
                + " that ended before the offset handed to Connect at the commit before are"
                + " deleted (that commit had an interval to complete), the last one kept as the"
                + " high-water mark. 0 prunes only when a partition is assigned. If two commits in"
                + " a row fail and the task then crashes, the replay may write some records twice"
                + " (never loses one).",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Index pruning interval")
        .define(
            REGION,
            Type.STRING,
            "us-east-1",
            Validators.notBlank("an AWS region such as us-east-1"),
            Importance.MEDIUM,
            "Region of the bucket (S3-compatible servers usually accept any, e.g. us-east-1).",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Region")
        .define(
            ENDPOINT,
            Type.STRING,
            "",
            Validators.emptyOrUrl(),
            Importance.MEDIUM,
            "Endpoint URL of an S3-compatible server (MinIO, Ceph, S3Proxy, ...), e.g."
                + " http://minio:9000. Empty uses AWS S3 of s3.region.",
            GROUP_S3,
            ++s3,
            Width.LONG,
            "Endpoint")
        .define(
            PATH_STYLE,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Address the bucket in the path (http://host/bucket/key) rather than in the host name"
                + " (http://bucket.host/key); most S3-compatible servers need true.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Path-style access")
        .define(
            ACCESS_KEY_ID,
            Type.STRING,
            "",
            Importance.HIGH,
            "Access key id. Empty uses the AWS default credentials provider chain (environment,"
                + " system properties, profile, container or instance role). Set together with "
                + SECRET_ACCESS_KEY
                + ".",
            GROUP_S3,
            ++s3,
            Width.MEDIUM,
            "Access key id")
        .define(
            SECRET_ACCESS_KEY,
            Type.PASSWORD,
            "",
            Importance.HIGH,
            "Secret access key of "
                + ACCESS_KEY_ID
                + "; a password: Connect masks it and it is never logged.",
            GROUP_S3,
            ++s3,
            Width.MEDIUM,
            "Secret access key")
        .define(
            PART_SIZE,
            Type.LONG,
            16L * 1024 * 1024,
            ConfigDef.Range.between(MIN_PART_SIZE, MAX_PART_SIZE),
            Importance.LOW,
            "Bytes per part of a multipart upload (at least 5 MiB, S3's minimum; at most 2047 MiB,"
                + " since one part's bytes are held in memory, in one array, while it is sent)."
                + " Objects up to this size are uploaded with one PUT.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Multipart part size")
        .define(
            RETRIES,
            Type.INT,
            8,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "How many times a failed S3 request is retried (with exponential backoff) before the"
                + " task fails.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Retries")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            200L,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Wait before the first retry of a failed S3 request; doubled on each further retry.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Retry backoff")
        .define(
            RETRY_BACKOFF_MAX_MS,
            Type.LONG,
            10_000L,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Longest wait between two retries of a failed S3 request.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Max retry backoff")
        .define(
            REQUEST_TIMEOUT_MS,
            Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(100),
            Importance.LOW,
            "Time limit of one S3 request attempt; a request that takes longer fails and is"
                + " retried.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Request timeout")
        .define(
            RETRY_MAX_TOTAL_MS,
            Type.LONG,
            120_000L,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Longest time one call of the task (put, flush, preCommit) may go on while S3"
                + " requests keep failing: a retry that would end later is not made and the call"
                + " fails with a RetriableException, the open objects of the partition are dropped"
                + " and its records delivered again from the last uploaded segment. Together with"
                + " "
                + REQUEST_TIMEOUT_MS
                + " it must stay below the consumer's max.poll.interval.ms (Kafka's default"
                + " 300000), else the group hands the partitions to another task while this one"
                + " still writes them; checked against "
                + CONSUMER_MAX_POLL_INTERVAL_MS
                + " when the connector sets it.",
            GROUP_S3,
            ++s3,
            Width.SHORT,
            "Max total retry time per call");

    int format = 0;
    def.define(
            FORMAT,
            Type.STRING,
            WireFormat.PARQUET.configName(),
            Validators.wireFormat(),
            Importance.HIGH,
            "File format of the objects: "
                + WireFormat.names()
                + ". Records without a schema (schemaless JSON maps) are always written as JSON"
                + " Lines.",
            GROUP_FORMAT,
            ++format,
            Width.SHORT,
            "Format")
        .define(
            PARQUET_CODEC,
            Type.STRING,
            "snappy",
            Validators.codec(),
            Importance.LOW,
            "Compression of Parquet (and Avro) files: snappy, zstd, gzip or none (also written"
                + " uncompressed).",
            GROUP_FORMAT,
            ++format,
            Width.SHORT,
            "Parquet codec")
        .define(
            PARQUET_ROW_GROUP_BYTES,
            Type.LONG,
            8L * 1024 * 1024,
            ConfigDef.Range.atLeast(64 * 1024),
            Importance.LOW,
            "Parquet row-group size (and Arrow record-batch size) in bytes; one row group per"
                + " open object is held in memory.",
            GROUP_FORMAT,
            ++format,
            Width.SHORT,
            "Parquet row group bytes")
        .define(
            LAYOUT,
            Type.STRING,
            LAYOUT_FLAT,
            ConfigDef.ValidString.in(LAYOUT_FLAT, LAYOUT_ENVELOPE),
            Importance.MEDIUM,
            "Row layout of change records (the Postgres source's envelopes) in the objects: flat"
                + " (one row per change, metadata columns __op, __ts, __schema_version, __table,"
                + " __namespace, __key, __before_json, __lsn, __unchanged and __overflow first,"
                + " then the table's own columns as typed columns, holding the after image, or the"
                + " before image of a delete: what DuckDB or Spark users query) or envelope (the"
                + " change record as it is: op, before, after, source, ts_us, unchanged,"
                + " overflow). Other records are written as they are.",
            GROUP_FORMAT,
            ++format,
            Width.SHORT,
            "Row layout");

    int rotation = 0;
    def.define(
            FLUSH_SIZE,
            Type.INT,
            10_000,
            ConfigDef.Range.atLeast(1),
            Importance.HIGH,
            "Most records per object: once an object holds this many, the open objects of its"
                + " topic partition are finished and uploaded.",
            GROUP_ROTATION,
            ++rotation,
            Width.SHORT,
            "Flush size")
        .define(
            ROTATE_BYTES,
            Type.LONG,
            64L * 1024 * 1024,
            ConfigDef.Range.atLeast(1),
            Importance.MEDIUM,
            "Most bytes per object (as the format writer estimates them): once an object is this"
                + " large, the open objects of its topic partition are finished and uploaded.",
            GROUP_ROTATION,
            ++rotation,
            Width.SHORT,
            "Rotate bytes")
        .define(
            ROTATE_INTERVAL_MS,
            Type.LONG,
            -1L,
            Validators.offOrPositive(),
            Importance.MEDIUM,
            "Record-time span of the objects of a topic partition: a record whose time (the"
                + " commit time of a change, else the Kafka record timestamp) is this much or"
                + " more after the first record of the open objects finishes them first. -1"
                + " turns it off. Deterministic on replay.",
            GROUP_ROTATION,
            ++rotation,
            Width.SHORT,
            "Rotate interval (record time)")
        .define(
            ROTATE_SCHEDULE_INTERVAL_MS,
            Type.LONG,
            600_000L,
            Validators.offOrPositive(),
            Importance.MEDIUM,
            "Wall-clock age after which the open objects of a topic partition are finished and"
                + " uploaded even if no record arrives, so quiet tables get their last records"
                + " written. -1 turns it off.",
            GROUP_ROTATION,
            ++rotation,
            Width.SHORT,
            "Rotate schedule (wall clock)");

    int partitioning = 0;
    def.define(
            PARTITIONER,
            Type.STRING,
            PartitionerKind.TABLE.configName(),
            Validators.partitioner(),
            Importance.MEDIUM,
            "How records are grouped into object paths below their table path"
                + " (<source schema>/<source table> for change records, the topic for others):"
                + " table (no further level), time (the commit time, or the time in "
                + PARTITIONER_FIELD
                + ", formatted with "
                + PATH_FORMAT
                + " in "
                + TIMEZONE
                + ") or field (the values of "
                + PARTITIONER_FIELD
                + ").",
            GROUP_PARTITIONING,
            ++partitioning,
            Width.SHORT,
            "Partitioner")
        .define(
            PARTITIONER_FIELD,
            Type.LIST,
            "",
            Importance.MEDIUM,
            "With partitioner=field: the fields whose values name the path, comma-separated, a"
                + " level <field>=<value> each. With partitioner=time: optionally one timestamp or"
                + " date field whose time is formatted instead of the commit time (records where it"
                + " is null use the commit time). For change records fields are read from 'after'"
                + " (from 'before' for deletes).",
            GROUP_PARTITIONING,
            ++partitioning,
            Width.MEDIUM,
            "Partition fields")
        .define(
            PATH_FORMAT,
            Type.STRING,
            "'date'=yyyy-MM-dd/'hour'=HH",
            Validators.dateTimePattern(),
            Importance.MEDIUM,
            "Path of partitioner=time, a java.time DateTimeFormatter pattern; quote literal text,"
                + " e.g. 'year'=yyyy/'month'=MM/'day'=dd.",
            GROUP_PARTITIONING,
            ++partitioning,
            Width.MEDIUM,
            "Path format")
        .define(
            TIMEZONE,
            Type.STRING,
            "UTC",
            Validators.zoneId(),
            Importance.LOW,
            "Time zone of " + PATH_FORMAT + ", e.g. UTC or Europe/Berlin.",
            GROUP_PARTITIONING,
            ++partitioning,
            Width.SHORT,
            "Time zone");

    int buffer = 0;
    def.define(
            BUFFER_MEMORY_BYTES,
            Type.LONG,
            4L * 1024 * 1024,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Bytes of an open object kept in memory; beyond that the object's bytes go to a"
                + " temporary file in "
                + BUFFER_DIR
                + " until it is uploaded.",
            GROUP_BUFFER,
            ++buffer,
            Width.SHORT,
            "Memory per open object")
        .define(
            BUFFER_DIR,
            Type.STRING,
            "",
            Importance.LOW,
            "Directory of the temporary files of large open objects. Empty uses java.io.tmpdir.",
            GROUP_BUFFER,
            ++buffer,
            Width.LONG,
            "Buffer directory")
        .define(
            BUFFER_MAX_OPEN_OBJECTS,
            Type.INT,
            32,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Most open objects per topic partition (tables × partition paths × schema versions);"
                + " a record that needs one more first finishes the open ones. Memory of a task is"
                + " at most about partitions × this × ("
                + BUFFER_MEMORY_BYTES
                + " + "
                + PARQUET_ROW_GROUP_BYTES
                + ").",
            GROUP_BUFFER,
            ++buffer,
            Width.SHORT,
            "Max open objects");
    return def;
  }

  /** Problems between keys that one validator alone cannot see, by the key to blame. */
  public static Map<String, String> crossFieldProblems(Map<String, String> props) {
    return Validators.crossFieldProblems(props);
  }

  /** Checks between keys that one validator alone cannot see; throws naming the fix. */
  static void checkTogether(Map<String, String> props) {
    for (Map.Entry<String, String> problem : Validators.crossFieldProblems(props).entrySet()) {
      throw new ConfigException(problem.getKey(), props.get(problem.getKey()), problem.getValue());
    }
  }

  public String bucket() {
    return getString(BUCKET).trim();
  }

  public String prefix() {
    return getString(PREFIX);
  }

  /** The prefix every object key starts with: {@link #PREFIX}, and the generation's folder. */
  public String objectPrefix() {
    int generation = getInt(GENERATION);
    if (generation == 0) {
      return prefix();
    }
    String base = prefix().strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return (base.isEmpty() ? "" : base + "/") + "generation=" + generation;
  }

  public String region() {
    return getString(REGION).trim();
  }

  public String endpoint() {
    return getString(ENDPOINT).trim();
  }

  public boolean pathStyle() {
    return getBoolean(PATH_STYLE);
  }

  public String accessKeyId() {
    return getString(ACCESS_KEY_ID).trim();
  }

  public Password secretAccessKey() {
    return getPassword(SECRET_ACCESS_KEY);
  }

  public long partSizeBytes() {
    return getLong(PART_SIZE);
  }

  public int retries() {
    return getInt(RETRIES);
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  public long indexPruneIntervalMs() {
    return getLong(INDEX_PRUNE_INTERVAL_MS);
  }

  public Duration retryMaxTotal() {
    return Duration.ofMillis(getLong(RETRY_MAX_TOTAL_MS));
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS));
  }

  public WireFormat format() {
    return WireFormat.parse(getString(FORMAT));
  }

  /** True when change envelopes are written as flat rows ({@code layout=flat}). */
  public boolean flatLayout() {
    return LAYOUT_FLAT.equals(getString(LAYOUT));
  }

  public BatchWriterOptions writerOptions() {
    return BatchWriterOptions.defaults()
        .withCodec(Validators.codec(getString(PARQUET_CODEC)))
        .withRowGroupBytes(getLong(PARQUET_ROW_GROUP_BYTES));
  }

  public int flushSize() {
    return getInt(FLUSH_SIZE);
  }

  public long rotateBytes() {
    return getLong(ROTATE_BYTES);
  }

  /** Record-time span of a segment in milliseconds, or -1 when off. */
  public long rotateIntervalMs() {
    return getLong(ROTATE_INTERVAL_MS);
  }

  /** Wall-clock age of a segment in milliseconds, or -1 when off. */
  public long rotateScheduleIntervalMs() {
    return getLong(ROTATE_SCHEDULE_INTERVAL_MS);
  }

  public PartitionerKind partitioner() {
    return PartitionerKind.valueOf(getString(PARTITIONER).trim().toUpperCase(Locale.ROOT));
  }

  public List<String> partitionerFields() {
    return getList(PARTITIONER_FIELD).stream().map(String::trim).filter(f -> !f.isEmpty()).toList();
  }

  public DateTimeFormatter pathFormat() {
    return DateTimeFormatter.ofPattern(getString(PATH_FORMAT), Locale.ROOT).withZone(timezone());
  }

  public ZoneId timezone() {
    return ZoneId.of(getString(TIMEZONE).trim());
  }

  public long bufferMemoryBytes() {
    return getLong(BUFFER_MEMORY_BYTES);
  }

  public int maxOpenObjects() {
    return getInt(BUFFER_MAX_OPEN_OBJECTS);
  }

  public Path bufferDir() {
    String dir = getString(BUFFER_DIR).trim();
    return Path.of(dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir);
  }

  /** True when {@code pattern} is a valid path.format; for the validator. */
  static boolean validPattern(String pattern) {
    try {
      DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
      return true;
    } catch (IllegalArgumentException | DateTimeException e) {
      return false;
    }
  }
}
