package io.ductstream.controlplane.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.translate.ConnectorChecks;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.format.WireFormat;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowValidatorTest {
  private static final FlowValidator ENFORCING = validator(true);
  private static final FlowValidator LENIENT = validator(false);

  /** As the API server builds it: option values checked by the connectors' own rules. */
  private static FlowValidator validator(boolean enforce) {
    WireFormatPolicy formats = new WireFormatPolicy(WireFormat.ARROW, enforce);
    return new FlowValidator(
        formats, new ConnectorChecks(new FlowTranslator(formats, Optional.empty())));
  }

  static Endpoint postgres(Map<String, String> options) {
    return new Endpoint("pg", EndpointType.POSTGRES, options);
  }

  static Endpoint kafka(Map<String, String> options) {
    return new Endpoint("kafka-out", EndpointType.KAFKA, options);
  }

  static Endpoint s3(String name, Map<String, String> options) {
    return new Endpoint(name, EndpointType.S3, options);
  }

  static FlowDefinition flow(String name, Endpoint source, List<Endpoint> destinations) {
    return new FlowDefinition(
        "",
        name,
        source,
        destinations,
        FlowState.CREATED,
        Optional.empty(),
        1,
        Instant.EPOCH,
        Instant.EPOCH);
  }

  static FlowDefinition valid() {
    return flow(
        "orders",
        postgres(Map.of("dsn", "postgres://u:p@localhost/app", "slot", "orders_slot")),
        List.of(
            kafka(Map.of("brokers", "localhost:9092", "topic", "app")),
            s3("lake", Map.of("bucket", "lake"))));
  }

  private static String problems(FlowDefinition flow) {
    RequestException e =
        (RequestException)
            org.assertj.core.api.Assertions.catchThrowable(() -> ENFORCING.validate(flow));
    assertThat(e).as("expected the flow to be refused").isNotNull();
    assertThat(e.kind()).isEqualTo(RequestException.Kind.INVALID);
    return e.getMessage();
  }

  private static FlowDefinition withS3(Map<String, String> options) {
    FlowDefinition base = valid();
    return base.withEndpoints(
        base.source(), List.of(base.destinations().get(0), s3("lake", options)));
  }

  private static FlowDefinition withSource(Map<String, String> options) {
    FlowDefinition base = valid();
    return base.withEndpoints(postgres(options), base.destinations());
  }

  @Test
  void validFlowPasses() {
    assertThatCode(() -> ENFORCING.validate(valid())).doesNotThrowAnyException();
  }

  @Test
  void missingNameSourceAndDestinationsAreEachNamed() {
    assertThat(problems(flow("", Endpoint.absent(), List.of())))
        .isEqualTo(
            "name is required; source is required; destinations: at least one destination is"
                + " required (kafka or s3)");
  }

  @Test
  void nameThatCannotNameAConnectorIsRefused() {
    FlowDefinition base = valid();
    assertThat(problems(flow("my flow", base.source(), base.destinations())))
        .startsWith("name \"my flow\" may hold only letters, digits, '_', '-' and '.'");
  }

  @Test
  void unsupportedTypesAreRefusedByName() {
    assertThat(
            problems(
                flow(
                    "f",
                    new Endpoint("sf", EndpointType.SNOWFLAKE, Map.of()),
                    List.of(new Endpoint("h", EndpointType.HTTP, Map.of())))))
        .isEqualTo(
            "source.type: snowflake is not supported as a source; use postgres;"
                + " destinations[0].type: http is not supported as a destination; use kafka or s3");
    assertThat(
            problems(
                flow(
                    "f",
                    new Endpoint("pg", EndpointType.UNSPECIFIED, Map.of("dsn", "x")),
                    List.of(new Endpoint("d", EndpointType.UNSPECIFIED, Map.of())))))
        .isEqualTo(
            "source.type is required; use postgres; destinations[0].type is required; use kafka or s3");
  }

  @Test
  void missingBucketNamesTheDestinationIndex() {
    assertThat(problems(withS3(Map.of("prefix", "cdc"))))
        .isEqualTo("destinations[1].options.bucket is required");
  }

  @Test
  void sourceWithoutConnectionSaysWhatToSet() {
    assertThat(problems(withSource(Map.of("slot", "s"))))
        .isEqualTo(
            "source.options.dsn is required (or source.options.host, database and user), e.g."
                + " postgres://user:pass@host:5432/db?sslmode=disable");
    assertThat(problems(withSource(Map.of("host", "db", "user", "u"))))
        .isEqualTo("source.options.database is required when source.options.dsn is not set");
  }

  @Test
  void badDsnIsRefusedWithoutRepeatingIt() {
    String message = problems(withSource(Map.of("dsn", "mysql://root:hunter2@db/app")));
    assertThat(message)
        .startsWith("source.options.dsn is not a Postgres URL (it does not start with postgres://")
        .doesNotContain("hunter2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "slot|Orders-Slot|source.options.slot \"Orders-Slot\" may hold only lower-case letters, digits and underscores",
        "create_slot|yes|source.options.create_slot \"yes\" is not true or false",
        "ddl_gate|on|source.options.ddl_gate \"on\" is not one of false, true",
        "start_lsn|16B3748|source.options.start_lsn \"16B3748\" is not an LSN as Postgres prints it, such as 0/16B3748",
        "batch_size|0|source.options.batch_size \"0\" must be at least 1",
        "batch_size|many|source.options.batch_size \"many\" is not a whole number",
        "sslmode|strict|source.options.sslmode \"strict\" must be one of",
        "publication|Pub|source.options.publication \"Pub\" may hold only lower-case letters",
        "start_lsn|0/XYZ|source.options.start_lsn \"0/XYZ\" is not an LSN as Postgres prints it, such as 0/16B3748",
        "status_interval|10 seconds|source.options.status_interval \"10 seconds\" is not a duration",
        "status_interval|50ms|source.options.status_interval \"50ms\" is not from 100ms to 24h",
        "publication_tables|public.orders,,x y|source.options.publication_tables: \"\" is not a table",
        "snapshot_mode|always|source.options.snapshot_mode \"always\" is not one of initial, never, initial_only, when_needed",
        "snapshot_workers|0|source.options.snapshot_workers \"0\" must be at least 1",
        "snapshot_workers|65|source.options.snapshot_workers \"65\" must be no more than 64",
        "format|xml|source.options.format \"xml\" is not a wire format; use one of arrow | parquet | avro | proto | json",
      })
  void badSourceOptionsAreNamed(String key, String value, String expected) {
    Map<String, String> options = new HashMap<>(Map.of("dsn", "postgres://u:p@h/db"));
    options.put(key, value);
    assertThat(problems(withSource(options))).startsWith(expected);
  }

  @Test
  void aPortOutOfRangeIsNamedWhenTheSourceIsGivenByHost() {
    assertThat(
            problems(
                withSource(Map.of("host", "db", "database", "app", "user", "u", "port", "70000"))))
        .isEqualTo("source.options.port \"70000\" must be no more than 65535");
  }

  @Test
  void quotedTableNamesWithDotsCommasAndQuotesPassAndAMalformedOneIsNamed() {
    Map<String, String> options = new HashMap<>(Map.of("dsn", "postgres://u:p@h/db"));
    options.put(
        "publication_tables",
        "\"Odd Schema\".\"Order.Items\", \"my.app\".\"a,b\",public.\"quote\"\"d\"");
    org.assertj.core.api.Assertions.assertThatCode(() -> ENFORCING.validate(withSource(options)))
        .doesNotThrowAnyException();
    options.put("publication_tables", "public.orders,\"unclosed.items");
    assertThat(problems(withSource(options)))
        .startsWith("source.options.publication_tables: \"\"unclosed.items\" is not a table (")
        .contains("with double quotes around a name that holds a dot, a comma or a quote");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bucket|My_Bucket|destinations[1].options.bucket \"My_Bucket\" is not an S3 bucket name",
        "endpoint|localhost:9000|destinations[1].options.endpoint \"localhost:9000\" must be an http(s) URL such as http://minio:9000",
        "partition_by|created_at:week|destinations[1].options.partition_by \"created_at:week\" is not a partitioning",
        "flush_size|-1|destinations[1].options.flush_size \"-1\" must be at least 1",
        "rotate_interval|1x|destinations[1].options.rotate_interval \"1x\" is not a duration",
        "access_key|AKIA|destinations[1].options.secret_key is required when destinations[1].options.access_key is set",
        "force_path_style|1|destinations[1].options.force_path_style \"1\" is not true or false",
        "compression|brotli|destinations[1].options.compression applies to parquet files only and these files are arrow",
      })
  void badS3OptionsAreNamed(String key, String value, String expected) {
    Map<String, String> options = new HashMap<>(Map.of("bucket", "lake"));
    options.put(key, value);
    assertThat(problems(withS3(options))).startsWith(expected);
  }

  @Test
  void secretKeyIsNeverRepeated() {
    assertThat(problems(withS3(Map.of("bucket", "lake", "secret_key", "TOPSECRET"))))
        .isEqualTo(
            "destinations[1].options.access_key is required when destinations[1].options.secret_key"
                + " is set; give both, or neither to use the default AWS credentials");
  }

  @Test
  void badKafkaOptionsAreNamed() {
    FlowDefinition base = valid();
    FlowDefinition flow =
        base.withEndpoints(
            base.source(),
            List.of(kafka(Map.of("brokers", "localhost", "topic", "a b", "acks", "2"))));
    assertThat(problems(flow))
        .isEqualTo(
            "destinations[0].options.brokers: \"localhost\" is not host:port; write"
                + " host:port[,host:port...]; destinations[0].options.acks \"2\" is not"
                + " one of -1, 0, 1, all");
    // The topic is the source connector's topic.prefix: its rule, once the flow's shape is right.
    assertThat(problems(base.withEndpoints(base.source(), List.of(kafka(Map.of("topic", "a b"))))))
        .startsWith("destinations[0].options.topic \"a b\"");
  }

  @Test
  void topicPerTableIsTrueOrFalseAndNamedOtherwise() {
    FlowDefinition base = valid();
    for (String ok : List.of("true", "false")) {
      FlowDefinition flow =
          base.withEndpoints(
              base.source(), List.of(kafka(Map.of("topic", "app", "topic_per_table", ok))));
      assertThatCode(() -> ENFORCING.validate(flow)).as(ok).doesNotThrowAnyException();
    }
    for (String bad : List.of("yes", "TRUE", "1")) {
      FlowDefinition flow =
          base.withEndpoints(
              base.source(), List.of(kafka(Map.of("topic", "app", "topic_per_table", bad))));
      assertThat(problems(flow))
          .as(bad)
          .isEqualTo(
              "destinations[0].options.topic_per_table \"" + bad + "\" is not one of false, true");
    }
  }

  @Test
  void duplicateDestinationNamesAndASecondKafkaAreRefused() {
    FlowDefinition base = valid();
    FlowDefinition flow =
        base.withEndpoints(
            base.source(),
            List.of(kafka(Map.of()), kafka(Map.of()), s3("", Map.of("bucket", "lake"))));
    assertThat(problems(flow))
        .isEqualTo(
            "destinations[1].name \"kafka-out\" is already the name of destinations[0];"
                + " destination names must differ; destinations[1]: a flow writes to one Kafka"
                + " destination and destinations[0] is one already; create a second flow for another"
                + " cluster; destinations[2].name is required");
  }

  @Test
  void conflictingSourceAndKafkaFormatsAreRefusedOnlyWhenEnforced() {
    FlowDefinition base = valid();
    FlowDefinition flow =
        base.withEndpoints(
            postgres(Map.of("dsn", "postgres://u:p@h/db", "format", "arrow")),
            List.of(kafka(Map.of("format", "avro"))));

    assertThat(problems(flow))
        .startsWith(
            "source.options.format \"arrow\" conflicts with destinations[0].options.format"
                + " \"avro\"");
    assertThatCode(() -> LENIENT.validate(flow)).doesNotThrowAnyException();
  }

  @Test
  void unknownFormatIsRefusedEvenWhenNotEnforced() {
    // No converter or sink could write it: the flow would fail only when it starts.
    FlowDefinition flow = withS3(Map.of("bucket", "lake", "format", "orc"));

    assertThat(problems(flow))
        .startsWith("destinations[1].options.format \"orc\" is not a wire format");
    assertThatThrownBy(() -> LENIENT.validate(flow))
        .hasMessageStartingWith("destinations[1].options.format \"orc\" is not a wire format");
  }

  private static FlowDefinition withParallelism(int parallelism) {
    FlowDefinition base = valid();
    return new FlowDefinition(
        "",
        "f",
        base.source(),
        base.destinations(),
        FlowState.CREATED,
        Optional.empty(),
        parallelism,
        Instant.EPOCH,
        Instant.EPOCH);
  }

  @Test
  void parallelismIsBounded() {
    assertThatThrownBy(() -> ENFORCING.validate(withParallelism(-1)))
        .hasMessage("parallelism -1 is not from 0 to 64 (the tasks of each S3 sink; 0 means 1)");
    assertThatThrownBy(() -> ENFORCING.validate(withParallelism(Integer.MAX_VALUE)))
        .hasMessage(
            "parallelism 2147483647 is not from 0 to 64 (the tasks of each S3 sink; 0 means 1)");
    assertThatCode(() -> ENFORCING.validate(withParallelism(64))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({
    "transforms, unwrap",
    "transforms.unwrap.type, org.example.Evil",
    "producer.override.sasl.jaas.config, x",
    "errors.tolerance, all",
    "database.hostname, evil",
    "header.converter, org.example.Evil",
    "slot.name, other",
  })
  void connectorKeysOutsideTheAllowListAreRefusedOnTheSource(String key, String value) {
    Map<String, String> options = new HashMap<>(valid().source().options());
    options.put(key, value);

    assertThat(problems(withSource(options)))
        .startsWith(
            "source.options." + key + " is not an option of a postgres endpoint; use one of")
        .contains("or one of the connector keys")
        .contains("numeric.mode");
  }

  @ParameterizedTest
  @CsvSource({
    "buffer.dir, /etc",
    "consumer.override.bootstrap.servers, evil:9092",
    "s3.endpoint, https://evil",
    "errors.deadletterqueue.topic.name, x",
  })
  void connectorKeysOutsideTheAllowListAreRefusedOnS3(String key, String value) {
    assertThat(problems(withS3(Map.of("bucket", "lake", key, value))))
        .startsWith("destinations[1].options." + key + " is not an option of a s3 endpoint");
  }

  @Test
  void allowedConnectorKeysAndUnknownKafkaOptions() {
    Map<String, String> options = new HashMap<>(valid().source().options());
    options.put("numeric.mode", "string");
    options.put("heartbeat.emit.message", "true");
    assertThatCode(() -> ENFORCING.validate(withSource(options))).doesNotThrowAnyException();
    assertThatCode(
            () -> ENFORCING.validate(withS3(Map.of("bucket", "lake", "s3.part.size", "5242880"))))
        .doesNotThrowAnyException();

    FlowDefinition base = valid();
    FlowDefinition kafkaOverride =
        base.withEndpoints(
            base.source(), List.of(kafka(Map.of("topic", "app", "producer.override.acks", "0"))));
    assertThat(problems(kafkaOverride))
        .startsWith(
            "destinations[0].options.producer.override.acks is not an option of a kafka endpoint;"
                + " use one of acks, brokers, compression, format, topic, topic_per_table");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sslfactory=org.postgresql.ssl.NonValidatingFactory",
        "socketFactory=org.example.Evil",
        "options=-c%20standard_conforming_strings=off",
        "sslrootcert=/etc/shadow",
        "sslkey=/root/.ssh/id_rsa",
        "authenticationPluginClassName=org.example.Evil",
        "replication=database",
      })
  void dsnParametersOutsideTheAllowListAreRefused(String parameter) {
    String name = parameter.substring(0, parameter.indexOf('='));
    assertThat(
            problems(
                withSource(
                    Map.of("dsn", "postgres://u:p@localhost/app?sslmode=require&" + parameter))))
        .startsWith(
            "source.options.dsn: the parameter \""
                + name
                + "\" is not allowed; a dsn may carry ApplicationName, application_name,"
                + " channelBinding, connectTimeout, gssEncMode, loginTimeout, password, socketTimeout,"
                + " sslmode, tcpKeepAlive, user");
  }

  @Test
  void optionsOfTheOriginalThatAreNotImplementedAreRefusedByName() {
    Map<String, String> options = new HashMap<>(valid().source().options());
    options.put("publication_schemas", "public");
    options.put("emit_empty", "true");
    options.put("partition_column", "id");
    options.put("partition_count", "4");

    assertThat(problems(withSource(options)))
        .contains(
            "source.options.emit_empty is not supported: empty transactions are never emitted as"
                + " records; the slot still advances past them (source.options.status_interval"
                + " sets how often)",
            "source.options.partition_column is not supported: snapshots split tables by primary"
                + " key ranges; set source.options.snapshot_chunk_rows and snapshot_workers"
                + " instead",
            "source.options.publication_schemas is not supported: capturing whole schemas is not"
                + " supported; list the tables in source.options.publication_tables"
                + " (schema.table,...)");
    assertThat(problems(withSource(options))).contains("source.options.partition_count");
  }

  @Test
  void s3CompressionOnlyForParquetAndLayoutIsChecked() {
    assertThat(problems(withS3(Map.of("bucket", "lake", "format", "json", "compression", "gzip"))))
        .isEqualTo(
            "destinations[1].options.compression applies to parquet files only and these files are"
                + " json; remove it, or set destinations[1].options.format to parquet");
    assertThatCode(
            () ->
                ENFORCING.validate(
                    withS3(
                        Map.of(
                            "bucket",
                            "lake",
                            "format",
                            "parquet",
                            "compression",
                            "zstd",
                            "layout",
                            "envelope"))))
        .doesNotThrowAnyException();
    assertThat(problems(withS3(Map.of("bucket", "lake", "layout", "wide"))))
        .startsWith("destinations[1].options.layout \"wide\" is not one of flat, envelope");
    // A Parquet destination's codec is checked by the sink's own rule.
    assertThat(
            problems(
                withS3(Map.of("bucket", "lake", "format", "parquet", "compression", "brotli"))))
        .startsWith("destinations[1].options.compression \"brotli\"");
  }

  @Test
  void controlCharactersLongValuesAndTooManyOptionsAreRefused() {
    Map<String, String> nul = new HashMap<>(valid().source().options());
    nul.put("slot", "a\u0000b");
    assertThat(problems(withSource(nul)))
        .contains(
            "source.options.slot holds a control character (a line break, tab or NUL); remove it");

    Map<String, String> longValue = new HashMap<>(valid().source().options());
    longValue.put("publication_tables", "public.t".repeat(1000));
    assertThat(problems(withSource(longValue)))
        .contains("source.options.publication_tables is longer than 4096 characters");

    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 101; i++) {
      many.put("k" + i, "v");
    }
    assertThat(problems(withS3(many)))
        .contains("destinations[1].options has 101 options; at most 100");

    Map<String, String> badKey = new HashMap<>(valid().source().options());
    badKey.put("a\nb", "x");
    assertThat(problems(withSource(badKey)))
        .contains(
            "source.options has an option name that is not letters, digits, '_', '.' and '-' (at"
                + " most 128)");
  }

  @Test
  void idsAreLettersDigitsDashesAndUnderscores() {
    assertThat(problems(valid().withId("a\nforged log line")))
        .isEqualTo(
            "id may hold only letters, digits, '_' and '-' (at most 64); leave it empty for a UUID");
    assertThat(problems(valid().withId("x".repeat(65)))).startsWith("id may hold only");
    assertThatCode(() -> ENFORCING.validate(valid().withId("0b9d2c4e-5a1f-4c7e-9d3b-1f2e3d4c5b6a")))
        .doesNotThrowAnyException();
  }

  @Test
  void configProviderReferencesOnlyWhereCredentialsGo() {
    assertThatCode(
            () ->
                ENFORCING.validate(
                    withSource(
                        Map.of(
                            "host",
                            "db",
                            "database",
                            "app",
                            "user",
                            "app",
                            "password",
                            "${file:/etc/ductstream/pg.properties:password}"))))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ENFORCING.validate(
                    withSource(Map.of("dsn", "${file:/etc/ductstream/pg.properties:dsn}"))))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ENFORCING.validate(
                    withSource(Map.of("dsn", "postgres://app:${env:PG_PASSWORD}@db/app"))))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ENFORCING.validate(
                    withS3(
                        Map.of(
                            "bucket",
                            "lake",
                            "access_key",
                            "${env:AWS_ACCESS_KEY_ID}",
                            "secret_key",
                            "${env:AWS_SECRET_ACCESS_KEY}"))))
        .doesNotThrowAnyException();

    assertThat(problems(withS3(Map.of("bucket", "lake", "prefix", "${file:/etc/passwd:root}"))))
        .isEqualTo(
            "destinations[1].options.prefix holds \"${\"; config provider references"
                + " (${file:path:key}, ${env:NAME}) are allowed only in access_key, dsn, password,"
                + " secret_key, user and only in that form");
  }
}
