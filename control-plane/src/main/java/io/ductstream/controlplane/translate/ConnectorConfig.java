package io.ductstream.controlplane.translate;

import io.ductstream.controlplane.flow.Secrets;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One Kafka Connect connector: its name and the config {@code PUT /connectors/{name}/config} takes.
 */
public record ConnectorConfig(String name, Map<String, String> config) {
  private static final Set<String> SECRET_KEYS =
      Set.of(PostgresSourceConfig.DATABASE_PASSWORD, S3SinkKeys.SECRET_ACCESS_KEY);

  public ConnectorConfig {
    config = Collections.unmodifiableMap(new TreeMap<>(config));
  }

  /** This config with every secret replaced by {@code ***}, for responses and logs. */
  public ConnectorConfig masked() {
    Map<String, String> masked = new TreeMap<>(config);
    SECRET_KEYS.forEach(key -> masked.computeIfPresent(key, (k, v) -> Secrets.MASK));
    masked.computeIfPresent(PostgresSourceConfig.DATABASE_DSN, (k, v) -> Secrets.maskUrl(v));
    return new ConnectorConfig(name, masked);
  }
}
