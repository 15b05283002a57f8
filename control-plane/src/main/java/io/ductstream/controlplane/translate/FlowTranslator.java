package io.ductstream.controlplane.translate;

import io.ductstream.controlplane.config.DdlSettings;
import io.ductstream.controlplane.flow.DurationText;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.EndpointType;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowOptions;
import io.ductstream.controlplane.flow.OptionRules;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.format.WireConverterConfig;
import io.ductstream.format.WireFormatConverter;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Renders a validated flow into the Kafka Connect connectors that run it: one Postgres source
 * connector writing the flow's topics, and one S3 sink connector per S3 destination reading them. A
 * pure function of the flow, the wire format policy, the Connect cluster's own Kafka and the DDL
 * governance settings.
 */
public final class FlowTranslator {
  public static final String SOURCE_CONNECTOR_CLASS =
      "io.ductstream.source.pg.PostgresSourceConnector";
  // A name, not a class literal: the API server runs without the Connect API on its class path.
  public static final String CONVERTER_CLASS = "io.ductstream.format.WireFormatConverter";

  /**
   * Tells the converter to refuse records whose format does not match (DUCTSTREAM_WIRE_ENFORCE).
   */
  public static final String CONVERTER_ENFORCE = WireConverterConfig.ENFORCE_CONFIG;

  static final String CONNECTOR_CLASS = "connector.class";
  static final String TASKS_MAX = "tasks.max";
  static final String PRODUCER_BOOTSTRAP = "producer.override.bootstrap.servers";
  static final String PRODUCER_COMPRESSION = "producer.override.compression.type";
  static final String PRODUCER_ACKS = "producer.override.acks";
  static final String PRODUCER_MAX_REQUEST_SIZE = "producer.override.max.request.size";
  static final String PRODUCER_BUFFER_MEMORY = "producer.override.buffer.memory";
  static final String ADMIN_BOOTSTRAP = "admin.override.bootstrap.servers";
  static final String TOPIC_CREATION_REPLICATION = "topic.creation.default.replication.factor";
  static final String TOPIC_CREATION_PARTITIONS = "topic.creation.default.partitions";
  static final String TOPIC_CREATION_MAX_MESSAGE_BYTES = "topic.creation.default.max.message.bytes";
  static final String CONSUMER_BOOTSTRAP = "consumer.override.bootstrap.servers";
  static final String CONSUMER_METADATA_MAX_AGE = "consumer.override.metadata.max.age.ms";
  static final String CONSUMER_AUTO_CREATE_TOPICS = "consumer.override.allow.auto.create.topics";
  static final String TOPIC_DISCOVERY_MS = "10000";
  static final String HEADER_CONVERTER = "header.converter";
  static final String BYTE_ARRAY_CONVERTER =
      "org.apache.kafka.connect.converters.ByteArrayConverter";
  static final String SNAPSHOT_MODE = "snapshot.mode";
  public static final String SNAPSHOT_MAX_THREADS = "snapshot.max.threads";
  static final String SNAPSHOT_CHUNK_ROWS = "snapshot.chunk.rows";

  private static final int MAX_SLOT_NAME = 63;

  /**
   * Which flow option each connector key is copied from. A key may come from one option only; an
   * option may render several keys (rotate_interval) and the same option name of another endpoint
   * kind another key (compression: the producer's for Kafka, the Parquet codec for S3).
   */
  private static final Map<String, String> KEY_OPTIONS =
      Map.ofEntries(
          Map.entry(PostgresSourceConfig.DATABASE_DSN, FlowOptions.DSN),
          Map.entry(PostgresSourceConfig.DATABASE_HOSTNAME, FlowOptions.HOST),
          Map.entry(PostgresSourceConfig.DATABASE_PORT, FlowOptions.PORT),
          Map.entry(PostgresSourceConfig.DATABASE_DBNAME, FlowOptions.DATABASE),
          Map.entry(PostgresSourceConfig.DATABASE_USER, FlowOptions.USER),
          Map.entry(PostgresSourceConfig.DATABASE_PASSWORD, FlowOptions.PASSWORD),
          Map.entry(PostgresSourceConfig.DATABASE_SSLMODE, FlowOptions.SSLMODE),
          Map.entry(PostgresSourceConfig.SLOT_NAME, FlowOptions.SLOT),
          Map.entry(PostgresSourceConfig.SLOT_CREATE, FlowOptions.CREATE_SLOT),
          Map.entry(PostgresSourceConfig.PUBLICATION_NAME, FlowOptions.PUBLICATION),
          Map.entry(PostgresSourceConfig.PUBLICATION_CREATE, FlowOptions.ENSURE_PUBLICATION),
          Map.entry(PostgresSourceConfig.TABLE_INCLUDE_LIST, FlowOptions.PUBLICATION_TABLES),
          Map.entry(PostgresSourceConfig.START_LSN, FlowOptions.START_LSN),
          Map.entry(SNAPSHOT_MODE, FlowOptions.SNAPSHOT_MODE),
          Map.entry(SNAPSHOT_MAX_THREADS, FlowOptions.SNAPSHOT_WORKERS),
          Map.entry(SNAPSHOT_CHUNK_ROWS, FlowOptions.SNAPSHOT_CHUNK_ROWS),
          Map.entry(PostgresSourceConfig.MAX_BATCH_SIZE, FlowOptions.BATCH_SIZE),
          Map.entry(PostgresSourceConfig.POLL_INTERVAL_MS, FlowOptions.BATCH_TIMEOUT),
          Map.entry(PostgresSourceConfig.HEARTBEAT_INTERVAL_MS, FlowOptions.STATUS_INTERVAL),
          Map.entry(PostgresSourceConfig.TOPIC_PREFIX, FlowOptions.TOPIC),
          Map.entry(PRODUCER_COMPRESSION, FlowOptions.COMPRESSION),
          Map.entry(PRODUCER_ACKS, FlowOptions.ACKS),
          Map.entry(S3SinkKeys.BUCKET, FlowOptions.BUCKET),
          Map.entry(S3SinkKeys.PREFIX, FlowOptions.PREFIX),
          Map.entry(S3SinkKeys.REGION, FlowOptions.REGION),
          Map.entry(S3SinkKeys.ENDPOINT, FlowOptions.ENDPOINT),
          Map.entry(S3SinkKeys.PATH_STYLE, FlowOptions.FORCE_PATH_STYLE),
          Map.entry(S3SinkKeys.ACCESS_KEY_ID, FlowOptions.ACCESS_KEY),
          Map.entry(S3SinkKeys.SECRET_ACCESS_KEY, FlowOptions.SECRET_KEY),
          Map.entry(S3SinkKeys.PARQUET_CODEC, FlowOptions.COMPRESSION),
          Map.entry(S3SinkKeys.FLUSH_SIZE, FlowOptions.FLUSH_SIZE),
          Map.entry(S3SinkKeys.ROTATE_INTERVAL_MS, FlowOptions.ROTATE_INTERVAL),
          Map.entry(S3SinkKeys.ROTATE_SCHEDULE_INTERVAL_MS, FlowOptions.ROTATE_INTERVAL),
          Map.entry(S3SinkKeys.LAYOUT, FlowOptions.LAYOUT),
          Map.entry(S3SinkKeys.PARTITIONER_FIELD, FlowOptions.PARTITION_BY));

  /**
   * The largest change record a flow writes to Kafka, in bytes: the producer's {@code
   * max.request.size} and the {@code max.message.bytes} of the topics the flow creates. Kafka's
   * defaults (1 MiB) would stop a flow at the first row with a few MiB of text or bytea.
   */
  public static final int MAX_RECORD_BYTES = 32 * 1024 * 1024;

  /**
   * The producer's {@code buffer.memory}: it must exceed the largest record (Kafka's default, 32
   * MiB, would refuse a record of exactly {@link #MAX_RECORD_BYTES}).
   */
  static final long PRODUCER_BUFFER_BYTES = 2L * MAX_RECORD_BYTES;

  private final WireFormatPolicy formats;
  private final Optional<String> connectBootstrapServers;
  private final DdlGovernance ddl;

  /**
   * A translator whose source connectors record no schema versions (no store): for tests and tools
   * that only look at the rendered configs.
   */
  public FlowTranslator(WireFormatPolicy formats, Optional<String> connectBootstrapServers) {
    this(formats, connectBootstrapServers, DdlGovernance.none());
  }

  /**
   * @param connectBootstrapServers the Kafka cluster the Connect workers use, when known: a Kafka
   *     destination on it needs no producer override
   * @param ddl the store schema versions and DDL events go to, and the DDL settings
   */
  public FlowTranslator(
      WireFormatPolicy formats, Optional<String> connectBootstrapServers, DdlGovernance ddl) {
    this.formats = formats;
    this.connectBootstrapServers = connectBootstrapServers;
    this.ddl = ddl;
  }

  /** Whether {@code flow} holds at a schema change (its ddl_gate option, else the setting). */
  public boolean ddlGate(FlowDefinition flow) {
    return ddl.gate(flow);
  }

  /** {@code ductstream-<flow>-source}. */
  public static String sourceConnectorName(String flowName) {
    return "ductstream-" + flowName + "-source";
  }

  /** {@code ductstream-<flow>-s3-<destination>}. */
  public static String s3ConnectorName(String flowName, String destinationName) {
    return "ductstream-" + flowName + "-s3-" + destinationName;
  }

  /** The slot a flow uses when its source names none: one per flow, never shared. */
  public static String defaultSlotName(String flowName) {
    String slot = "ductstream_" + flowName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return slot.length() > MAX_SLOT_NAME ? slot.substring(0, MAX_SLOT_NAME) : slot;
  }

  /** The replication slot of the flow's source. */
  public static String slotName(FlowDefinition flow) {
    return flow.source().option(FlowOptions.SLOT).orElseGet(() -> defaultSlotName(flow.name()));
  }

  /**
   * The flow's topic (with one topic per table, the prefix of the topics): the Kafka destination's
   * {@code topic}, else {@code ductstream.<flow>}.
   */
  public static String topicPrefix(FlowDefinition flow) {
    return kafkaDestination(flow)
        .flatMap(d -> d.option(FlowOptions.TOPIC))
        .orElse("ductstream." + flow.name());
  }

  /**
   * True when the flow's changes all go to one topic, {@link #topicPrefix}, keyed by table and
   * primary key: a flow with a Kafka destination, unless it sets {@code topic_per_table: "true"}. A
   * flow without a Kafka destination keeps internal per-table topics, which spread its S3 sinks'
   * tasks over the tables.
   */
  public static boolean singleTopic(FlowDefinition flow) {
    return kafkaDestination(flow)
        .map(d -> !d.option(FlowOptions.TOPIC_PER_TABLE).orElse("false").equals("true"))
        .orElse(false);
  }

  /**
   * The flow's connectors, source first.
   *
   * @param checkpointLsn the flow's checkpoint, which the source starts from when it has no offset
   *     yet (it wins over the source's {@code start_lsn})
   */
  public List<ConnectorConfig> translate(FlowDefinition flow, Optional<String> checkpointLsn) {
    List<ConnectorConfig> connectors = new ArrayList<>();
    connectors.add(source(flow, checkpointLsn));
    for (Endpoint destination : flow.destinations()) {
      if (destination.type() == EndpointType.S3) {
        connectors.add(s3Sink(flow, destination));
      }
    }
    return connectors;
  }

  private ConnectorConfig source(FlowDefinition flow, Optional<String> checkpointLsn) {
    Endpoint source = flow.source();
    Map<String, String> config = new LinkedHashMap<>();
    config.put(CONNECTOR_CLASS, SOURCE_CONNECTOR_CLASS);
    config.put(TASKS_MAX, "1");
    Optional<String> dsn = source.option(FlowOptions.DSN);
    if (dsn.isPresent()) {
      config.put(PostgresSourceConfig.DATABASE_DSN, dsn.get());
    } else {
      copy(source, config, PostgresSourceConfig.DATABASE_HOSTNAME);
      copy(source, config, PostgresSourceConfig.DATABASE_PORT);
      copy(source, config, PostgresSourceConfig.DATABASE_DBNAME);
      copy(source, config, PostgresSourceConfig.DATABASE_USER);
      copy(source, config, PostgresSourceConfig.DATABASE_PASSWORD);
    }
    copy(source, config, PostgresSourceConfig.DATABASE_SSLMODE);
    config.put(PostgresSourceConfig.SLOT_NAME, slotName(flow));
    copy(source, config, PostgresSourceConfig.SLOT_CREATE);
    copy(source, config, PostgresSourceConfig.PUBLICATION_NAME);
    copy(source, config, PostgresSourceConfig.PUBLICATION_CREATE);
    source
        .option(FlowOptions.PUBLICATION_TABLES)
        .ifPresent(
            tables ->
                config.put(
                    PostgresSourceConfig.TABLE_INCLUDE_LIST,
                    TableId.splitList(tables).stream()
                        .filter(t -> !t.isEmpty())
                        .collect(Collectors.joining(","))));
    checkpointLsn
        .or(() -> source.option(FlowOptions.START_LSN))
        .ifPresent(lsn -> config.put(PostgresSourceConfig.START_LSN, lsn));
    copy(source, config, SNAPSHOT_MODE);
    copy(source, config, SNAPSHOT_MAX_THREADS);
    copy(source, config, SNAPSHOT_CHUNK_ROWS);
    copy(source, config, PostgresSourceConfig.MAX_BATCH_SIZE);
    copy(source, config, PostgresSourceConfig.POLL_INTERVAL_MS, FlowTranslator::millis);
    copy(source, config, PostgresSourceConfig.HEARTBEAT_INTERVAL_MS, FlowTranslator::millis);
    config.put(PostgresSourceConfig.TOPIC_PREFIX, topicPrefix(flow));
    config.put(PostgresSourceConfig.TOPIC_ROUTING, singleTopic(flow) ? "single" : "table");
    config.put(PostgresSourceConfig.FLOW_NAME, flow.name());
    putConverters(config, formats.topicFormat(flow));
    kafkaDestination(flow)
        .ifPresent(
            kafka -> {
              producerBootstrap(flow)
                  .ifPresent(
                      brokers -> {
                        config.put(PRODUCER_BOOTSTRAP, brokers);
                        // Connect creates the topics with its admin client: on the same cluster
                        config.put(ADMIN_BOOTSTRAP, brokers);
                      });
              copy(kafka, config, PRODUCER_COMPRESSION);
              copy(kafka, config, PRODUCER_ACKS);
            });
    putLargeRecordSettings(config, flow);
    putDdlSettings(config, flow);
    passThroughConnectorKeys(source, OptionRules.POSTGRES_CONNECTOR_KEYS, config);
    return new ConnectorConfig(sourceConnectorName(flow.name()), config);
  }

  private ConnectorConfig s3Sink(FlowDefinition flow, Endpoint s3) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(CONNECTOR_CLASS, S3SinkKeys.CONNECTOR_CLASS);
    config.put(TASKS_MAX, Integer.toString(Math.max(1, flow.parallelism())));
    if (singleTopic(flow)) {
      config.put(S3SinkKeys.TOPICS, topicPrefix(flow));
    } else {
      config.put(S3SinkKeys.TOPICS_REGEX, topicPrefix(flow).replace(".", "\\.") + "\\..*");
    }
    // The flow's topics appear when their first change does (the source creates them, with the
    // limits of putLargeRecordSettings), and the consumer sees them at its next metadata refresh
    // (Kafka's default: 5 min). It must not create them itself: a sink subscribed to a topic that
    // does not exist yet would have the broker create it with the broker's defaults first.
    config.put(CONSUMER_METADATA_MAX_AGE, TOPIC_DISCOVERY_MS);
    config.put(CONSUMER_AUTO_CREATE_TOPICS, "false");
    putConverters(config, formats.topicFormat(flow));
    producerBootstrap(flow).ifPresent(brokers -> config.put(CONSUMER_BOOTSTRAP, brokers));
    // The schema headers are for the converters, which read them raw; Connect's default header
    // converter would parse each one again per record (a quarter of the sink's time).
    config.put(HEADER_CONVERTER, BYTE_ARRAY_CONVERTER);
    copy(s3, config, S3SinkKeys.BUCKET);
    copy(s3, config, S3SinkKeys.PREFIX);
    copy(s3, config, S3SinkKeys.REGION);
    copy(s3, config, S3SinkKeys.ENDPOINT);
    copy(s3, config, S3SinkKeys.PATH_STYLE);
    copy(s3, config, S3SinkKeys.ACCESS_KEY_ID);
    copy(s3, config, S3SinkKeys.SECRET_ACCESS_KEY);
    String fileFormat = formats.fileFormat(flow, s3);
    config.put(S3SinkKeys.FORMAT, fileFormat);
    if (fileFormat.equalsIgnoreCase("parquet")) {
      copy(
          s3,
          config,
          S3SinkKeys.PARQUET_CODEC,
          codec -> codec.equals("none") ? "uncompressed" : codec);
    }
    copy(s3, config, S3SinkKeys.FLUSH_SIZE);
    // rotate_interval: by record time (replays cut the same objects) and by the wall clock (so a
    // quiet table's last records are written too)
    copy(s3, config, S3SinkKeys.ROTATE_INTERVAL_MS, FlowTranslator::millis);
    copy(s3, config, S3SinkKeys.ROTATE_SCHEDULE_INTERVAL_MS, FlowTranslator::millis);
    copy(s3, config, S3SinkKeys.LAYOUT);
    putPartitioner(config, s3.option(FlowOptions.PARTITION_BY).orElse("table"));
    passThroughConnectorKeys(s3, OptionRules.S3_CONNECTOR_KEYS, config);
    return new ConnectorConfig(s3ConnectorName(flow.name(), s3.name()), config);
  }

  /**
   * Lets change records up to {@link #MAX_RECORD_BYTES} through: the producer sends them, and the
   * topics Connect creates for the flow accept them whatever the broker's {@code message.max.bytes}
   * (a topic's {@code max.message.bytes} overrides it). Topics that exist already keep their own
   * limit; a record above it fails the task with Kafka's RecordTooLargeException, which the flow's
   * status explains. Partitions: the broker's default, or the flow's parallelism when that is
   * larger than 1, so that every S3 sink task has a partition to read.
   */
  private static void putLargeRecordSettings(Map<String, String> config, FlowDefinition flow) {
    config.put(PRODUCER_MAX_REQUEST_SIZE, Integer.toString(MAX_RECORD_BYTES));
    config.put(PRODUCER_BUFFER_MEMORY, Long.toString(PRODUCER_BUFFER_BYTES));
    config.put(TOPIC_CREATION_REPLICATION, "-1");
    config.put(
        TOPIC_CREATION_PARTITIONS,
        flow.parallelism() > 1 ? Integer.toString(flow.parallelism()) : "-1");
    config.put(TOPIC_CREATION_MAX_MESSAGE_BYTES, Integer.toString(MAX_RECORD_BYTES));
  }

  /**
   * The source's schema-change governance: the store and the flow id its schema versions and DDL
   * events are kept under (so records carry schema versions whether the gate is on or not), the
   * gate (the flow's ddl_gate option, else DUCTSTREAM_DDL_GATE), auto-approve/apply, the catalog
   * check, and the destinations each event's plan covers. Without a store the connector records
   * nothing, and the switches, which need one, stay off.
   */
  private void putDdlSettings(Map<String, String> config, FlowDefinition flow) {
    Optional<String> store = ddl.storeUrl();
    if (store.isEmpty()) {
      return;
    }
    DdlSettings settings = ddl.settings();
    config.put(PostgresSourceConfig.DDL_STORE_DSN, store.get());
    if (!flow.id().isBlank()) { // a flow rendered before it is created has no id yet
      config.put(PostgresSourceConfig.DDL_FLOW_ID, flow.id());
    }
    config.put(PostgresSourceConfig.DDL_GATE, Boolean.toString(ddl.gate(flow)));
    config.put(PostgresSourceConfig.DDL_AUTO_APPROVE, Boolean.toString(settings.autoApprove()));
    config.put(PostgresSourceConfig.DDL_AUTO_APPLY, Boolean.toString(settings.autoApply()));
    config.put(
        PostgresSourceConfig.DDL_CATALOG_ENABLED, Boolean.toString(settings.catalogEnabled()));
    config.put(
        PostgresSourceConfig.DDL_CATALOG_INTERVAL_MS,
        Long.toString(settings.catalogInterval().toMillis()));
    config.put(
        PostgresSourceConfig.DDL_CATALOG_SCHEMAS, String.join(",", settings.catalogSchemas()));
    config.put(
        PostgresSourceConfig.DDL_DESTINATIONS,
        flow.destinations().stream()
            .map(d -> d.type().shortName() + ":" + d.name())
            .collect(Collectors.joining(",")));
  }

  /**
   * Options named like the allowed connector keys ({@code numeric.mode}, {@code
   * heartbeat.emit.message}, {@code s3.part.size}) go to the connector as they are; any other key
   * never does, even in a flow stored before the allow-list. The keys the flow itself sets win; the
   * Connect worker validates the values when the flow starts.
   */
  private static void passThroughConnectorKeys(
      Endpoint endpoint, Set<String> allowed, Map<String, String> config) {
    endpoint.options().entrySet().stream()
        .filter(option -> allowed.contains(option.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(option -> config.putIfAbsent(option.getKey(), option.getValue()));
  }

  /**
   * {@code table}: one path per table; {@code col}: by the column's value; {@code col:day}: by the
   * time in the column, as {@code year=2026/month=11/day=25} (a java.time pattern in path.format).
   */
  private static void putPartitioner(Map<String, String> config, String partitionBy) {
    if (partitionBy.equals("table")) {
      config.put(S3SinkKeys.PARTITIONER, S3SinkKeys.PARTITIONER_TABLE);
      return;
    }
    int colon = partitionBy.indexOf(':');
    if (colon < 0) {
      config.put(S3SinkKeys.PARTITIONER, S3SinkKeys.PARTITIONER_FIELD_VALUE);
      config.put(S3SinkKeys.PARTITIONER_FIELD, partitionBy);
      return;
    }
    config.put(S3SinkKeys.PARTITIONER, S3SinkKeys.PARTITIONER_TIME);
    config.put(S3SinkKeys.PARTITIONER_FIELD, partitionBy.substring(0, colon));
    config.put(S3SinkKeys.PATH_FORMAT, pathFormat(partitionBy.substring(colon + 1)));
  }

  private static String pathFormat(String granularity) {
    List<String> parts = new ArrayList<>(List.of("'year='yyyy"));
    switch (granularity) {
      case "hour" -> parts.addAll(List.of("'month='MM", "'day='dd", "'hour='HH"));
      case "day" -> parts.addAll(List.of("'month='MM", "'day='dd"));
      case "month" -> parts.add("'month='MM");
      default -> {
        // year: the first part alone
      }
    }
    return String.join("/", parts);
  }

  private void putConverters(Map<String, String> config, String format) {
    for (String converter : new String[] {"key.converter", "value.converter"}) {
      config.put(converter, CONVERTER_CLASS);
      config.put(
          converter + "." + WireFormatConverter.FORMAT_CONFIG, format.toLowerCase(Locale.ROOT));
      config.put(converter + "." + CONVERTER_ENFORCE, Boolean.toString(formats.enforce()));
    }
  }

  /** The Kafka destination's brokers, when they are not the Connect cluster's own Kafka. */
  private Optional<String> producerBootstrap(FlowDefinition flow) {
    return kafkaDestination(flow)
        .flatMap(d -> d.option(FlowOptions.BROKERS))
        .filter(brokers -> connectBootstrapServers.map(own -> !own.equals(brokers)).orElse(true));
  }

  private static Optional<Endpoint> kafkaDestination(FlowDefinition flow) {
    return flow.destinations().stream().filter(d -> d.type() == EndpointType.KAFKA).findFirst();
  }

  private static String millis(String duration) {
    return Long.toString(DurationText.parse(duration).toMillis());
  }

  /** Copies the flow option {@code key} is rendered from, when the endpoint sets it. */
  private static void copy(Endpoint from, Map<String, String> to, String key) {
    copy(from, to, key, UnaryOperator.identity());
  }

  private static void copy(
      Endpoint from, Map<String, String> to, String key, UnaryOperator<String> convert) {
    String option = KEY_OPTIONS.get(key);
    if (option == null) {
      throw new IllegalStateException(key + " is missing from FlowTranslator.KEY_OPTIONS");
    }
    from.option(option).ifPresent(value -> to.put(key, convert.apply(value)));
  }

  /**
   * The flow option a rendered connector key comes from, if it comes from one: the table the
   * translation copies by, read backwards to name a flow's field when a connector refuses a value.
   * Options named like connector keys ({@code numeric.mode}) go through under their own name.
   */
  static Optional<String> optionOf(String key, Endpoint endpoint) {
    String option = KEY_OPTIONS.get(key);
    if (option != null) {
      return Optional.of(option);
    }
    return endpoint.option(key).isPresent() ? Optional.of(key) : Optional.empty();
  }
}
