package io.ductstream.source.pg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.catalog.TableId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class PostgresSourceConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> props = new HashMap<>();
    props.put("database.dsn", "postgres://app:pw@db:5433/shop");
    props.put("topic.prefix", "shop");
    return props;
  }

  @Test
  void everyKeyHasDocGroupAndDisplayName() {
    for (ConfigDef.ConfigKey key : PostgresSourceConfig.CONFIG_DEF.configKeys().values()) {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    }
  }

  @Test
  void dsnGivesTheConnectionAndSslmodeOverridesIt() {
    Map<String, String> props = minimal();
    props.put("database.sslmode", "require");
    PostgresDsn dsn = new PostgresSourceConfig(props).dsn();
    assertThat(dsn.host()).isEqualTo("db");
    assertThat(dsn.port()).isEqualTo(5433);
    assertThat(dsn.database()).isEqualTo("shop");
    assertThat(dsn.parameters()).containsEntry("sslmode", "require");
  }

  @Test
  void separateConnectionKeysWorkWithoutDsn() {
    Map<String, String> props = new HashMap<>();
    props.put("database.hostname", "db");
    props.put("database.dbname", "shop");
    props.put("database.user", "app");
    props.put("database.password", "pw");
    props.put("topic.prefix", "shop");
    PostgresDsn dsn = new PostgresSourceConfig(props).dsn();
    assertThat(dsn.port()).isEqualTo(5432);
    assertThat(dsn.user()).isEqualTo("app");
    assertThat(dsn.password()).isEqualTo("pw");
  }

  @Test
  void missingConnectionSaysWhatToSet() {
    Map<String, String> props = Map.of("topic.prefix", "shop");
    assertThatThrownBy(() -> new PostgresSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set database.dsn");
  }

  @Test
  void hostWithoutDatabaseNamesTheMissingKey() {
    Map<String, String> props = Map.of("topic.prefix", "shop", "database.hostname", "db");
    assertThatThrownBy(() -> new PostgresSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.dbname");
  }

  @Test
  void badDsnIsReportedWithoutEchoingIt() {
    Map<String, String> props = minimal();
    props.put("database.dsn", "mysql://root:topsecret@db/x");
    assertThatThrownBy(() -> new PostgresSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.dsn")
        .hasMessageContaining("postgres://")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void invalidValuesNameTheirKey() {
    Map<String, String> sslmode = minimal();
    sslmode.put("database.sslmode", "sometimes");
    assertThatThrownBy(() -> new PostgresSourceConfig(sslmode))
        .hasMessageContaining("database.sslmode");
    Map<String, String> prefix = minimal();
    prefix.put("topic.prefix", "bad prefix!");
    assertThatThrownBy(() -> new PostgresSourceConfig(prefix)).hasMessageContaining("topic.prefix");
    Map<String, String> queue = minimal();
    queue.put("max.queue.bytes", "10");
    assertThatThrownBy(() -> new PostgresSourceConfig(queue))
        .hasMessageContaining("max.queue.bytes");
  }

  @Test
  void sampleStandaloneConnectorConfigIsValid() throws java.io.IOException {
    java.util.Properties sample = new java.util.Properties();
    try (var in =
        java.nio.file.Files.newInputStream(
            java.nio.file.Path.of("..", "config", "postgres-source.properties"))) {
      sample.load(in);
    }
    Map<String, String> props = new HashMap<>();
    sample.forEach((k, v) -> props.put((String) k, (String) v));
    assertThat(PostgresSourceConfig.CONFIG_DEF.validate(props))
        .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    assertThat(new PostgresSourceConfig(props).tableIncludeList())
        .containsExactly("public.orders", "public.customers");
  }

  @Test
  void lsnValidatorAcceptsPostgresFormOnly() {
    Map<String, String> props = minimal();
    props.put("start.lsn", "16/B374D848");
    assertThat(new PostgresSourceConfig(props).startLsn()).isEqualTo("16/B374D848");
    for (String bad : new String[] {"nope", "0/XYZ", "123456789/0", "0/1/2"}) {
      props.put("start.lsn", bad);
      // A malformed half is a ConfigException naming the key, not a NumberFormatException.
      assertThatThrownBy(() -> new PostgresSourceConfig(props))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("start.lsn")
          .hasMessageContaining("is not an LSN as Postgres prints it");
    }
  }

  @Test
  void snapshotSettingsHaveDefaultsAndBadValuesFailNamingTheKey() {
    PostgresSourceConfig defaults = new PostgresSourceConfig(minimal());
    assertThat(defaults.snapshotMode()).isEqualTo(SnapshotMode.INITIAL);
    assertThat(defaults.snapshotChunkRows()).isEqualTo(100_000);
    assertThat(defaults.snapshotMaxThreads()).isEqualTo(4);

    Map<String, String> mode = minimal();
    mode.put("snapshot.mode", "always");
    assertThatThrownBy(() -> new PostgresSourceConfig(mode))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("snapshot.mode")
        .hasMessageContaining("initial, never, initial_only, when_needed");

    Map<String, String> rows = minimal();
    rows.put("snapshot.chunk.rows", "0");
    assertThatThrownBy(() -> new PostgresSourceConfig(rows))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("snapshot.chunk.rows")
        .hasMessageContaining("at least 1");

    Map<String, String> threads = minimal();
    threads.put("snapshot.max.threads", "0");
    assertThatThrownBy(() -> new PostgresSourceConfig(threads))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("snapshot.max.threads");

    Map<String, String> upper = minimal();
    upper.put("snapshot.mode", "when_needed");
    assertThat(new PostgresSourceConfig(upper).snapshotMode()).isEqualTo(SnapshotMode.WHEN_NEEDED);
  }

  @Test
  void topicRoutingIsPerTableUnlessSingleIsAsked() {
    assertThat(new PostgresSourceConfig(minimal()).topicRouting()).isEqualTo(TopicRouting.TABLE);
    Map<String, String> props = minimal();
    props.put("topic.routing", "single");
    PostgresSourceConfig config = new PostgresSourceConfig(props);
    assertThat(config.topicRouting()).isEqualTo(TopicRouting.SINGLE);
    assertThat(config.topicNames().topic("public", "orders")).isEqualTo("shop");
  }

  @Test
  void anUnknownTopicRoutingNamesTheKey() {
    Map<String, String> props = minimal();
    props.put("topic.routing", "per-table");
    assertThatThrownBy(() -> new PostgresSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topic.routing")
        .hasMessageContaining("per-table")
        .hasMessageContaining("table, single");
  }

  @Test
  void aQuotedSignalTableIsReadAsTheTableItNames() {
    Map<String, String> props = minimal();
    props.put("signal.table", " \"my.app\".\"Signal \"\"Table\"\", v1\" ");
    assertThat(new PostgresSourceConfig(props).signalTable())
        .isEqualTo("\"my.app\".\"Signal \"\"Table\"\", v1\"");
    props.put("signal.table", "Ops.Signals");
    assertThat(new PostgresSourceConfig(props).signalTable()).isEqualTo("Ops.Signals");
  }

  @Test
  void aMalformedSignalTableNamesTheKeyAndHowToWriteIt() {
    for (String bad : new String[] {"\"my.app.signals", "ops.", "\"ops\"x.signals"}) {
      Map<String, String> props = minimal();
      props.put("signal.table", bad);
      assertThatThrownBy(() -> new PostgresSourceConfig(props), bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("signal.table")
          .hasMessageContaining("is not a table name")
          .hasMessageContaining("signal.table=public.ductstream_signal");
    }
  }

  @Test
  void tableListsKeepCommasDotsAndQuotesInsideQuotedNames() {
    Map<String, String> props = minimal();
    props.put(
        "table.include.list",
        "\"Odd Schema\".\"Order.Items\", \"a,b\",public.\"quote\"\"d\", MixedCase");
    props.put("table.exclude.list", "\"x,y\".z");
    PostgresSourceConfig config = new PostgresSourceConfig(props);
    assertThat(config.tableIncludeList())
        .containsExactly(
            "\"Odd Schema\".\"Order.Items\"", "\"a,b\"", "public.\"quote\"\"d\"", "MixedCase");
    TableFilter filter = config.tableFilter();
    assertThat(filter.include())
        .containsExactlyInAnyOrder(
            new TableId("Odd Schema", "Order.Items"),
            new TableId("public", "a,b"),
            new TableId("public", "quote\"d"),
            new TableId("public", "MixedCase"));
    assertThat(filter.exclude()).containsExactly(new TableId("x,y", "z"));
    assertThat(filter.test(new TableId("public", "mixedcase"))).isFalse();
  }

  @Test
  void aMalformedTableListNamesTheKeyAndHowToQuote() {
    Map<String, String> props = minimal();
    props.put("table.include.list", "public.orders, \"a,b");
    assertThatThrownBy(() -> new PostgresSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("table.include.list")
        .hasMessageContaining("a quote is not closed")
        .hasMessageContaining("in double quotes");
    props.put("table.include.list", "public.orders,,public.items");
    assertThatThrownBy(() -> new PostgresSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("table.include.list")
        .hasMessageContaining("a table name is empty");
  }

  @Test
  void aTopicPrefixLongerThanAKafkaTopicIsRefused() {
    Map<String, String> props = minimal();
    props.put("topic.prefix", "p".repeat(250));
    assertThatThrownBy(() -> new PostgresSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topic.prefix")
        .hasMessageContaining("longer than 249");
  }

  @Test
  void aRefusedParameterInTheConnectorConfigNamesTheKey() {
    assertThatThrownBy(
            () ->
                new PostgresSourceConfig(
                        Map.of(
                            PostgresSourceConfig.DATABASE_DSN,
                            "postgres://u:p@db/app?options=-c%20search_path%3Devil",
                            "topic.prefix",
                            "t"))
                    .dsn())
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(PostgresSourceConfig.DATABASE_DSN)
        .hasMessageContaining("its parameter options is not accepted");
  }

  /** The errors Connect's validate call (REST PUT .../config/validate) reports, by key. */
  private static Map<String, List<String>> validationErrors(Map<String, String> props) {
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigValue value :
        new io.ductstream.source.pg.PostgresSourceConnector().validate(props).configValues()) {
      if (!value.errorMessages().isEmpty()) {
        errors.put(value.name(), value.errorMessages());
      }
    }
    return errors;
  }

  @Test
  void validateFindsWhatStartWouldRefuseInTheConnectionKeys() {
    assertThat(validationErrors(minimal())).isEmpty();

    Map<String, String> both = minimal();
    both.put(PostgresSourceConfig.DATABASE_HOSTNAME, "other");
    both.put(PostgresSourceConfig.DATABASE_USER, "someone");
    assertThat(validationErrors(both))
        .containsOnlyKeys(
            PostgresSourceConfig.DATABASE_HOSTNAME, PostgresSourceConfig.DATABASE_USER);
    assertThat(validationErrors(both).get(PostgresSourceConfig.DATABASE_HOSTNAME).get(0))
        .contains("is set together with database.dsn, which would win");

    Map<String, String> badUrl = minimal();
    badUrl.put(PostgresSourceConfig.DATABASE_DSN, "mysql://root:hunter2@db/app");
    List<String> dsnErrors = validationErrors(badUrl).get(PostgresSourceConfig.DATABASE_DSN);
    assertThat(dsnErrors).hasSize(1);
    assertThat(dsnErrors.get(0)).startsWith("is not a Postgres URL").doesNotContain("hunter2");

    Map<String, String> byHost = new HashMap<>(Map.of("topic.prefix", "shop"));
    byHost.put(PostgresSourceConfig.DATABASE_HOSTNAME, "db");
    assertThat(validationErrors(byHost))
        .containsOnlyKeys(PostgresSourceConfig.DATABASE_DBNAME, PostgresSourceConfig.DATABASE_USER);
    byHost.put(PostgresSourceConfig.DATABASE_DBNAME, "shop");
    byHost.put(PostgresSourceConfig.DATABASE_USER, "app");
    assertThat(validationErrors(byHost)).isEmpty();

    // A config provider reference is resolved by the worker, not parsed here.
    Map<String, String> reference = minimal();
    reference.put(PostgresSourceConfig.DATABASE_DSN, "${file:/etc/pg.properties:dsn}");
    assertThat(validationErrors(reference)).isEmpty();
  }
}
