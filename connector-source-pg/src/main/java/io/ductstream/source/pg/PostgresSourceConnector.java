package io.ductstream.source.pg;

import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.config.TopicNames;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.setup.ReplicationSetup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres change data capture (logical replication with pgoutput) as a Kafka Connect source
 * connector. The connector checks the source and prepares its publication and slot; one task
 * streams the slot (a slot has exactly one reader).
 */
public class PostgresSourceConnector extends SourceConnector {
  private static final Logger log = LoggerFactory.getLogger(PostgresSourceConnector.class);

  /** Task config key carrying the tables the connector found to capture. */
  static final String TASK_TABLES = "ductstream.task.tables";

  private static final com.fasterxml.jackson.databind.ObjectMapper TABLES_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private Map<String, String> props;
  private List<String> tables;

  @Override
  public String version() {
    String version = PostgresSourceConnector.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * Kafka Connect's {@code errors.tolerance=all} on a source connector turns a record the producer
   * could not write (a topic Kafka refuses, a record too large) into an acknowledgement: the slot
   * would be confirmed past a change that never reached Kafka. A CDC source must not skip changes.
   */
  static final String ERRORS_TOLERANCE = "errors.tolerance";

  @Override
  public Config validate(Map<String, String> props) {
    Config config = super.validate(props);
    Map<String, String> problems = PostgresSourceConfig.connectionProblems(props);
    for (ConfigValue value : config.configValues()) {
      String problem = problems.get(value.name());
      if (problem != null && value.errorMessages().isEmpty()) {
        value.addErrorMessage(problem);
      }
    }
    String refused = refusedTolerance(props);
    if (refused != null) {
      ConfigValue value = new ConfigValue(ERRORS_TOLERANCE);
      value.value(props.get(ERRORS_TOLERANCE));
      value.addErrorMessage(refused);
      config.configValues().add(value);
    }
    return config;
  }

  private static String refusedTolerance(Map<String, String> props) {
    String tolerance = props.get(ERRORS_TOLERANCE);
    if (tolerance == null || !tolerance.trim().equalsIgnoreCase("all")) {
      return null;
    }
    return "errors.tolerance=all would let the source acknowledge changes that never reached Kafka"
        + " (the slot would move past them); remove it or set errors.tolerance=none. Records that"
        + " cannot be converted fail the task, which resumes without loss once fixed";
  }

  @Override
  public void start(Map<String, String> props) {
    String refused = refusedTolerance(props);
    if (refused != null) {
      throw new ConfigException(ERRORS_TOLERANCE, props.get(ERRORS_TOLERANCE), refused);
    }
    PostgresSourceConfig config = new PostgresSourceConfig(props);
    config
        .dsn()
        .unverifiedTls()
        .ifPresent(risk -> log.warn("{}: {}", PostgresSourceConfig.DATABASE_SSLMODE, risk));
    try (Connection connection = PgConnections.open(config.dsn())) {
      ReplicationSetup.Result result = new ReplicationSetup(config, connection).prepare();
      this.tables = result.tables();
      log.info(
          "capturing {} table(s) of {} through slot {} and publication {}: {}",
          tables.size(),
          config.dsn().masked(),
          config.slotName(),
          config.publicationName(),
          tables);
      logEscapedTopics(config.topicNames(), tables);
    } catch (SQLException e) {
      throw new ConfigException(
          PostgresSourceConfig.DATABASE_DSN,
          "[hidden]",
          "cannot connect to " + config.dsn().masked() + ": " + e.getMessage());
    }
    this.props = Map.copyOf(props);
  }

  /** Names the topic of each table whose name Kafka cannot use as it is (see TopicNames). */
  private static void logEscapedTopics(TopicNames names, List<String> tables) {
    for (String table : tables) {
      TableId id = TableId.parse(table);
      if (!names.plainTopic(id.schema(), id.table())) {
        log.info(
            "table {} goes to topic {}: Kafka topic names hold only letters, digits, '.', '_' and"
                + " '-', so the other characters are replaced and a hash of the name appended",
            id.quoted(),
            names.topic(id.schema(), id.table()));
      }
    }
  }

  @Override
  public Class<? extends Task> taskClass() {
    return PostgresSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    Map<String, String> task = new HashMap<>(props);
    task.put(TASK_TABLES, encodeTables(tables));
    return List.of(task);
  }

  /** The task's tables as a JSON array: a quoted table name may hold any character, a comma too. */
  static String encodeTables(List<String> tables) {
    try {
      return TABLES_JSON.writeValueAsString(tables);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the table list", e);
    }
  }

  /**
   * Reads {@link #encodeTables}'s form; a comma-joined list (task configs written by releases
   * before it, still in a Connect cluster's config topic) is read as it was written.
   */
  static List<String> decodeTables(String encoded) {
    String text = encoded == null ? "" : encoded.trim();
    if (text.isEmpty()) {
      return List.of();
    }
    if (!text.startsWith("[")) {
      return List.of(text.split(","));
    }
    try {
      return List.of(TABLES_JSON.readValue(text, String[].class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new org.apache.kafka.common.config.ConfigException(
          TASK_TABLES, "(task table list)", "not a JSON array of table names");
    }
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return PostgresSourceConfig.CONFIG_DEF;
  }

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    // Offsets are the commit LSN and position in the transaction: replays are deterministic.
    return ExactlyOnceSupport.SUPPORTED;
  }
}
