package io.ductstream.sink.s3;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * S3 (or any S3-compatible store) as a Kafka Connect sink connector, writing objects in every wire
 * format.
 *
 * <p>This build ships the connector's packaging only: the worker lists and loads it, and starting
 * it fails with a clear message until the sink lands.
 */
public class S3SinkConnector extends SinkConnector {
  static final String NOT_AVAILABLE =
      "the DuctStream S3 sink connector is packaged but does not write objects in this build yet";

  @Override
  public String version() {
    String version = S3SinkConnector.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void start(Map<String, String> props) {
    throw new ConfigException(NOT_AVAILABLE);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return S3SinkTask.class;
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
