package io.ductstream.sink.s3;

import io.ductstream.sink.s3.config.S3SinkConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * S3 (or any S3-compatible store) as a Kafka Connect sink connector: records of the topics become
 * objects in a wire format, exactly once. Validates the config; every task gets the same config and
 * Connect spreads the topic partitions over them.
 */
public class S3SinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public String version() {
    String version = S3SinkConnector.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void start(Map<String, String> props) {
    new S3SinkConfig(props); // throws ConfigException naming the key and the fix
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return S3SinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      configs.add(new HashMap<>(props));
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return S3SinkConfig.CONFIG_DEF;
  }

  /** ConfigDef's checks of each key, plus those between keys (credentials, partitioner fields). */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, String> problems = S3SinkConfig.crossFieldProblems(connectorConfigs);
    for (ConfigValue value : config.configValues()) {
      String problem = problems.get(value.name());
      if (problem != null) {
        value.addErrorMessage(problem);
      }
    }
    return config;
  }
}
