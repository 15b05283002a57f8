package io.ductstream.source.pg;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Postgres change data capture (logical replication with pgoutput) as a Kafka Connect source
 * connector.
 *
 * <p>This build ships the connector's packaging only: the worker lists and loads it, and starting
 * it fails with a clear message until the streaming source lands.
 */
public class PostgresSourceConnector extends SourceConnector {
  static final String NOT_AVAILABLE =
      "the DuctStream Postgres source connector is packaged but does not stream changes in this build yet";

  @Override
  public String version() {
    String version = PostgresSourceConnector.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void start(Map<String, String> props) {
    throw new ConfigException(NOT_AVAILABLE);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return PostgresSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of();
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }
}
