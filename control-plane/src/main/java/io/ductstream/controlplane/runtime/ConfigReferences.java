package io.ductstream.controlplane.runtime;

import java.util.Map;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;

/**
 * Resolves the Kafka Connect config provider references a flow may hold where a credential goes
 * ({@code ${file:path:key}}, {@code ${env:NAME}}), as a Connect worker with the {@code file} and
 * {@code env} providers would, so a flow runs the same in the runner as on a cluster. The resolved
 * values stay in this process: they are never stored or logged.
 */
final class ConfigReferences {
  private ConfigReferences() {}

  static Map<String, String> resolve(Map<String, String> config) {
    if (config.values().stream().noneMatch(v -> v != null && v.contains("${"))) {
      return config;
    }
    FileConfigProvider file = new FileConfigProvider();
    file.configure(Map.of());
    EnvVarConfigProvider env = new EnvVarConfigProvider();
    env.configure(Map.of());
    Map<String, ConfigProvider> providers = Map.of("file", file, "env", env);
    try {
      return new ConfigTransformer(providers).transform(config).data();
    } finally {
      try {
        file.close();
        env.close();
      } catch (java.io.IOException ignored) {
        // nothing held
      }
    }
  }
}
