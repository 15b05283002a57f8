package io.ductstream.controlplane.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ductstream.controlplane.config.DdlSettings;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.EndpointType;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.flowfile.FlowFile;
import io.ductstream.controlplane.server.FlowMessages;
import io.ductstream.format.WireFormat;
import io.ductstream.sink.s3.S3SinkConnector;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class FlowTranslatorTest {
  static final Path EXAMPLES = Path.of("..", "examples", "flows");

  private final FlowTranslator translator =
      new FlowTranslator(new WireFormatPolicy(WireFormat.ARROW, true), Optional.empty());

  static FlowDefinition example(String file) throws IOException {
    return FlowMessages.fromProto(
        FlowFile.parse(Files.readString(EXAMPLES.resolve(file))).getFlow());
  }

  @Test
  void dottedOptionsPassToTheConnectorButNeverOverrideWhatTheFlowSets() throws IOException {
    FlowDefinition example = example("pg_to_kafka_avro.json");
    java.util.Map<String, String> options = new java.util.HashMap<>(example.source().options());
    options.put("numeric.mode", "string");
    options.put("heartbeat.emit.message", "true");
    options.put("slot.name", "someone_elses_slot");
    options.put("value.converter", "org.example.Other");
    // A flow stored before the allow-list may hold keys a caller may no longer set.
    options.put("transforms", "evil");
    options.put("producer.override.sasl.jaas.config", "x");
    FlowDefinition flow =
        example.withEndpoints(
            new io.ductstream.controlplane.flow.Endpoint(
                example.source().name(), example.source().type(), options),
            example.destinations());

    java.util.Map<String, String> source =
        translator.translate(flow, Optional.empty()).get(0).config();

    assertThat(source)
        .containsEntry("numeric.mode", "string")
        .containsEntry("heartbeat.emit.message", "true")
        .containsEntry("slot.name", "ductstream_kafka_avro")
        .containsEntry("value.converter", "io.ductstream.format.WireFormatConverter")
        .doesNotContainKeys("transforms", "producer.override.sasl.jaas.config");
  }

  @Test
  void s3LayoutReachesTheSink() throws IOException {
    FlowDefinition example = example("pg_to_s3_parquet.json");
    io.ductstream.controlplane.flow.Endpoint s3 =
        example.destinations().stream()
            .filter(d -> d.type() == io.ductstream.controlplane.flow.EndpointType.S3)
            .findFirst()
            .orElseThrow()
            .withOption("layout", "envelope");
    FlowDefinition flow = example.withEndpoints(example.source(), List.of(s3));

    assertThat(translator.translate(flow, Optional.empty()).get(1).config())
        .containsEntry("layout", "envelope");
  }

  @Test
  void quotedTableNamesReachTheSourceAsOneEntryEach() throws IOException {
    FlowDefinition example = example("pg_to_s3_parquet.json");
    FlowDefinition flow =
        example.withEndpoints(
            example
                .source()
                .withOption("publication_tables", " \"my.app\".\"a,b\" , public.orders ,"),
            example.destinations());

    assertThat(translator.translate(flow, Optional.empty()).get(0).config())
        .containsEntry("table.include.list", "\"my.app\".\"a,b\",public.orders");
  }

  @Test
  void kafkaExampleBecomesOneSourceConnectorWithTheSeedOptionsMapped() throws IOException {
    List<ConnectorConfig> connectors =
        translator.translate(example("pg_to_kafka_avro.json"), Optional.empty());

    assertThat(connectors).hasSize(1);
    ConnectorConfig source = connectors.get(0);
    assertThat(source.name()).isEqualTo("ductstream-pg_to_kafka_avro-source");
    assertThat(source.config())
        .containsOnly(
            entry("connector.class", "io.ductstream.source.pg.PostgresSourceConnector"),
            entry("tasks.max", "1"),
            entry("database.dsn", "postgres://user:pass@localhost:5432/app?sslmode=disable"),
            entry("slot.name", "ductstream_kafka_avro"),
            entry("slot.create", "true"),
            entry("publication.name", "ductstream_pub"),
            entry("publication.create", "true"),
            entry("table.include.list", "public.orders,public.customers"),
            entry("snapshot.mode", "initial"),
            entry("snapshot.max.threads", "4"),
            entry("max.batch.size", "500"),
            entry("poll.interval.ms", "1000"),
            entry("heartbeat.interval.ms", "10000"),
            entry("topic.prefix", "ductstream.app"),
            entry("topic.routing", "single"),
            entry("flow.name", "pg_to_kafka_avro"),
            entry("key.converter", "io.ductstream.format.WireFormatConverter"),
            entry("key.converter.format", "avro"),
            entry("key.converter.enforce", "true"),
            entry("value.converter", "io.ductstream.format.WireFormatConverter"),
            entry("value.converter.format", "avro"),
            entry("value.converter.enforce", "true"),
            entry("producer.override.bootstrap.servers", "localhost:9092"),
            entry("admin.override.bootstrap.servers", "localhost:9092"),
            entry("producer.override.compression.type", "lz4"),
            entry("producer.override.acks", "all"),
            entry("producer.override.max.request.size", "33554432"),
            entry("producer.override.buffer.memory", "67108864"),
            entry("topic.creation.default.replication.factor", "-1"),
            entry("topic.creation.default.partitions", "-1"),
            entry("topic.creation.default.max.message.bytes", "33554432"));
  }

  @Test
  void topicPerTableSendsEachTableToItsOwnTopicAndTheSinkFollowsThemByPattern() throws IOException {
    FlowDefinition fanout = example("pg_fanout_kafka_s3.json");
    Endpoint kafka = fanout.destinations().get(0).withOption("topic_per_table", "true");
    FlowDefinition perTable =
        fanout.withEndpoints(fanout.source(), List.of(kafka, fanout.destinations().get(1)));

    List<ConnectorConfig> connectors = translator.translate(perTable, Optional.empty());

    assertThat(connectors.get(0).config())
        .containsEntry("topic.prefix", "ductstream.fanout")
        .containsEntry("topic.routing", "table");
    assertThat(connectors.get(1).config())
        .containsEntry("topics.regex", "ductstream\\.fanout\\..*")
        .containsEntry("consumer.override.metadata.max.age.ms", "10000")
        .doesNotContainKey("topics");
    assertThat(FlowTranslator.singleTopic(perTable)).isFalse();
  }

  @Test
  void aFlowsTopicsTakeRecordsUpToThirtyTwoMibWithAPartitionPerSinkTask() throws IOException {
    FlowDefinition fanout = example("pg_fanout_kafka_s3.json");
    FlowDefinition parallel =
        new FlowDefinition(
            fanout.id(),
            fanout.name(),
            fanout.source(),
            fanout.destinations(),
            fanout.state(),
            fanout.wireFormat(),
            4,
            fanout.createdAt(),
            fanout.updatedAt());

    Map<String, String> source = translator.translate(parallel, Optional.empty()).get(0).config();

    assertThat(source)
        .containsEntry("producer.override.max.request.size", "33554432")
        .containsEntry("topic.creation.default.max.message.bytes", "33554432")
        .containsEntry("topic.creation.default.partitions", "4");
    assertThat(Long.parseLong(source.get("producer.override.buffer.memory")))
        .as("the producer's buffer must hold the largest record")
        .isGreaterThan(FlowTranslator.MAX_RECORD_BYTES);
  }

  @Test
  void everyExamplesSourceConfigPassesTheSourceConnectorsConfigDef() throws IOException {
    try (var files = Files.list(EXAMPLES)) {
      for (Path file : files.toList()) {
        ConnectorConfig source =
            translator.translate(example(file.getFileName().toString()), Optional.empty()).get(0);

        List<String> errors =
            PostgresSourceConfig.CONFIG_DEF.validate(source.config()).stream()
                .flatMap(
                    (ConfigValue v) -> v.errorMessages().stream().map(m -> v.name() + ": " + m))
                .toList();
        assertThat(errors).as(file.toString()).isEmpty();
        assertThat(new PostgresSourceConfig(source.config()).slotName()).isNotBlank();
      }
    }
  }

  private static FlowTranslator governed(DdlSettings settings) {
    return new FlowTranslator(
        new WireFormatPolicy(WireFormat.ARROW, true),
        Optional.empty(),
        new DdlGovernance(
            Optional.of(
                io.ductstream.contract.pg.PostgresDsn.parse(
                    "postgres://ds:s3cr%40t@store.internal:5433/ductstream?sslmode=require")),
            settings));
  }

  @Test
  void sourceConfigCarriesTheStoreTheFlowIdTheDdlSettingsAndTheDestinations() throws IOException {
    FlowDefinition flow = example("pg_fanout_kafka_s3.json").withId("f-123");
    DdlSettings settings =
        new DdlSettings(
            true, true, false, true, java.time.Duration.ofMinutes(2), List.of("public", "sales"));

    ConnectorConfig source = governed(settings).translate(flow, Optional.empty()).get(0);

    assertThat(source.config())
        .containsEntry(
            PostgresSourceConfig.DDL_STORE_DSN,
            "postgres://ds:s3cr%40t@store.internal:5433/ductstream?sslmode=require")
        .containsEntry(PostgresSourceConfig.DDL_FLOW_ID, "f-123")
        .containsEntry(PostgresSourceConfig.DDL_GATE, "true")
        .containsEntry(PostgresSourceConfig.DDL_AUTO_APPROVE, "true")
        .containsEntry(PostgresSourceConfig.DDL_AUTO_APPLY, "false")
        .containsEntry(PostgresSourceConfig.DDL_CATALOG_ENABLED, "true")
        .containsEntry(PostgresSourceConfig.DDL_CATALOG_INTERVAL_MS, "120000")
        .containsEntry(PostgresSourceConfig.DDL_CATALOG_SCHEMAS, "public,sales")
        .containsEntry(PostgresSourceConfig.DDL_DESTINATIONS, "kafka:kafka-out,s3:archive");
    PostgresSourceConfig parsed = new PostgresSourceConfig(source.config());
    assertThat(parsed.ddlStore().orElseThrow().password()).isEqualTo("s3cr@t");
    assertThat(parsed.ddlFlowId()).isEqualTo("f-123");
    assertThat(parsed.ddlCatalogSchemas()).containsExactly("public", "sales");
    assertThat(source.masked().config())
        .containsEntry(
            PostgresSourceConfig.DDL_STORE_DSN,
            "postgres://ds:***@store.internal:5433/ductstream?sslmode=require");
    assertThat(source.masked().toString()).doesNotContain("s3cr");
  }

  @Test
  void theFlowsDdlGateOptionOverridesTheSetting() throws IOException {
    FlowDefinition example = example("pg_to_kafka_avro.json").withId("f-1");
    java.util.Map<String, String> options = new java.util.HashMap<>(example.source().options());
    options.put("ddl_gate", "false");
    FlowDefinition ungated =
        example.withEndpoints(
            new Endpoint(example.source().name(), example.source().type(), options),
            example.destinations());
    options.put("ddl_gate", "true");
    FlowDefinition gated =
        example.withEndpoints(
            new Endpoint(example.source().name(), example.source().type(), options),
            example.destinations());
    FlowTranslator gateOn = governed(DdlSettings.defaults().withGate(true));
    FlowTranslator gateOff = governed(DdlSettings.defaults());

    assertThat(gateOn.translate(ungated, Optional.empty()).get(0).config())
        .containsEntry(PostgresSourceConfig.DDL_GATE, "false")
        .doesNotContainKey("ddl_gate");
    assertThat(gateOff.translate(gated, Optional.empty()).get(0).config())
        .containsEntry(PostgresSourceConfig.DDL_GATE, "true");
    assertThat(gateOn.translate(example, Optional.empty()).get(0).config())
        .containsEntry(PostgresSourceConfig.DDL_GATE, "true");
    assertThat(gateOn.ddlGate(ungated)).isFalse();
    assertThat(gateOff.ddlGate(gated)).isTrue();
  }

  @Test
  void withoutAStoreTheSourceGetsNoDdlKeys() throws IOException {
    assertThat(
            translator
                .translate(example("pg_to_kafka_avro.json"), Optional.empty())
                .get(0)
                .config())
        .doesNotContainKeys(
            PostgresSourceConfig.DDL_STORE_DSN,
            PostgresSourceConfig.DDL_GATE,
            PostgresSourceConfig.DDL_FLOW_ID);
  }

  @Test
  void everyExamplesS3SinkConfigPassesTheSinkConnectorsValidation() throws IOException {
    assertThat(S3SinkKeys.CONNECTOR_CLASS).isEqualTo(S3SinkConnector.class.getName());
    try (var files = Files.list(EXAMPLES)) {
      for (Path file : files.toList()) {
        List<ConnectorConfig> connectors =
            translator.translate(example(file.getFileName().toString()), Optional.empty());
        for (ConnectorConfig sink : connectors.subList(1, connectors.size())) {
          List<String> errors =
              new S3SinkConnector()
                  .validate(sink.config()).configValues().stream()
                      .flatMap(
                          (ConfigValue v) ->
                              v.errorMessages().stream().map(m -> v.name() + ": " + m))
                      .toList();
          assertThat(errors).as(file + " " + sink.name()).isEmpty();
        }
      }
    }
  }

  @Test
  void s3ExampleBecomesASourceAndAnS3SinkReadingItsTopics() throws IOException {
    List<ConnectorConfig> connectors =
        translator.translate(example("pg_to_s3_parquet.json"), Optional.empty());

    assertThat(connectors)
        .extracting(ConnectorConfig::name)
        .containsExactly(
            "ductstream-pg_to_s3_parquet-source", "ductstream-pg_to_s3_parquet-s3-lake");
    assertThat(connectors.get(0).config())
        .containsEntry("topic.prefix", "ductstream.pg_to_s3_parquet")
        .containsEntry("topic.routing", "table")
        .containsEntry("topic.creation.default.max.message.bytes", "33554432")
        .containsEntry("value.converter.format", "parquet")
        .doesNotContainKey("producer.override.bootstrap.servers");
    assertThat(connectors.get(1).config())
        .containsOnly(
            entry("connector.class", "io.ductstream.sink.s3.S3SinkConnector"),
            entry("tasks.max", "1"),
            entry("topics.regex", "ductstream\\.pg_to_s3_parquet\\..*"),
            entry("key.converter", "io.ductstream.format.WireFormatConverter"),
            entry("key.converter.format", "parquet"),
            entry("key.converter.enforce", "true"),
            entry("value.converter", "io.ductstream.format.WireFormatConverter"),
            entry("value.converter.format", "parquet"),
            entry("value.converter.enforce", "true"),
            entry("consumer.override.metadata.max.age.ms", "10000"),
            entry("consumer.override.allow.auto.create.topics", "false"),
            entry("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"),
            entry("s3.bucket", "analytics-lake"),
            entry("s3.prefix", "cdc/app"),
            entry("s3.region", "us-east-1"),
            entry("format", "parquet"),
            entry("parquet.codec", "zstd"),
            entry("flush.size", "10000"),
            entry("rotate.interval.ms", "300000"),
            entry("rotate.schedule.interval.ms", "300000"),
            entry("partitioner", "time"),
            entry("partitioner.field", "created_at"),
            entry("path.format", "'year='yyyy/'month='MM/'day='dd"));
  }

  @Test
  void fanoutExampleSinkReadsFromTheKafkaDestinationsCluster() throws IOException {
    List<ConnectorConfig> connectors =
        translator.translate(example("pg_fanout_kafka_s3.json"), Optional.empty());

    assertThat(connectors).hasSize(2);
    ConnectorConfig sink = connectors.get(1);
    assertThat(sink.name()).isEqualTo("ductstream-pg_fanout_kafka_s3-s3-archive");
    assertThat(connectors.get(0).config())
        .containsEntry("topic.prefix", "ductstream.fanout")
        .containsEntry("topic.routing", "single");
    assertThat(sink.config())
        .containsEntry("topics", "ductstream.fanout")
        .containsEntry("consumer.override.allow.auto.create.topics", "false")
        .doesNotContainKey("topics.regex")
        .containsEntry("value.converter.format", "arrow")
        .containsEntry("consumer.override.bootstrap.servers", "localhost:9092")
        .containsEntry("s3.endpoint", "http://localhost:9000")
        .containsEntry("s3.path.style", "true")
        .containsEntry("s3.access.key.id", "minioadmin")
        .containsEntry("s3.secret.access.key", "minioadmin")
        .containsEntry("format", "parquet")
        .containsEntry("parquet.codec", "snappy")
        .containsEntry("partitioner", "table")
        .containsEntry("rotate.interval.ms", "60000");
    assertThat(sink.masked().config()).containsEntry("s3.secret.access.key", "***");
    assertThat(connectors.get(0).masked().config())
        .containsEntry("database.dsn", "postgres://user:***@localhost:5432/app?sslmode=disable");
  }

  @Test
  void kafkaOnTheConnectClusterNeedsNoOverride() throws IOException {
    FlowTranslator onLocalKafka =
        new FlowTranslator(
            new WireFormatPolicy(WireFormat.ARROW, false), Optional.of("localhost:9092"));

    List<ConnectorConfig> connectors =
        onLocalKafka.translate(example("pg_fanout_kafka_s3.json"), Optional.empty());

    assertThat(connectors.get(0).config())
        .doesNotContainKeys(
            "producer.override.bootstrap.servers", "admin.override.bootstrap.servers")
        .containsEntry("value.converter.enforce", "false");
    assertThat(connectors.get(1).config()).doesNotContainKey("consumer.override.bootstrap.servers");
  }

  @Test
  void checkpointWinsOverStartLsnAndSlotDefaultsToOnePerFlow() throws IOException {
    FlowDefinition flow = example("pg_to_kafka_avro.json");
    Endpoint source =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of(
                "host",
                "db",
                "database",
                "app",
                "user",
                "u",
                "password",
                "pw",
                "start_lsn",
                "0/1"));
    FlowDefinition fields = flow.withEndpoints(source, flow.destinations());

    Map<String, String> config =
        translator.translate(fields, Optional.of("0/16B3748")).get(0).config();

    assertThat(config)
        .containsEntry("start.lsn", "0/16B3748")
        .containsEntry("slot.name", "ductstream_pg_to_kafka_avro")
        .containsEntry("database.hostname", "db")
        .containsEntry("database.dbname", "app")
        .containsEntry("database.user", "u")
        .containsEntry("database.password", "pw")
        .doesNotContainKey("database.dsn");
    assertThat(new ConnectorConfig("x", config).masked().config())
        .containsEntry("database.password", "***");
  }

  @Test
  void partitionByAColumnUsesTheFieldPartitioner() throws IOException {
    FlowDefinition flow = example("pg_to_s3_parquet.json");
    FlowDefinition byCustomer =
        flow.withEndpoints(
            flow.source(),
            List.of(
                new Endpoint(
                    "lake",
                    EndpointType.S3,
                    Map.of("bucket", "b", "partition_by", "customer_id"))));

    Map<String, String> sink = translator.translate(byCustomer, Optional.empty()).get(1).config();

    assertThat(sink)
        .containsEntry("partitioner", "field")
        .containsEntry("partitioner.field", "customer_id")
        .containsEntry("format", "parquet")
        .doesNotContainKeys("path.format", "parquet.codec");
  }
}
