package io.ductstream.controlplane.translate;

import io.ductstream.controlplane.flow.Secrets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Kafka Connect connector: its name and the config {@code PUT /connectors/{name}/config} takes.
 */
public record ConnectorConfig(String name, Map<String, String> config) {
  public ConnectorConfig {
    config = Collections.unmodifiableMap(new TreeMap<>(config));
  }

  /**
   * This config with every secret replaced by {@code ***} (keys named like secrets, passwords in
   * URLs), for responses and logs.
   */
  public ConnectorConfig masked() {
    Map<String, String> masked = new TreeMap<>();
    config.forEach((key, value) -> masked.put(key, Secrets.maskValue(key, value)));
    return new ConnectorConfig(name, masked);
  }
}
