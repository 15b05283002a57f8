package io.ductstream.controlplane.runtime;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;

/** What the runner does with a connector class before it runs its task. */
final class Connectors {
  private Connectors() {}

  /**
   * Validates {@code config} as a Connect worker does before it starts a connector.
   *
   * @throws FlowRunException naming every key the connector refused and why
   */
  static void validate(Connector connector, Map<String, String> config, String what) {
    Config validated = connector.validate(config);
    List<String> errors =
        validated.configValues().stream()
            .filter(value -> !value.errorMessages().isEmpty())
            .map(Connectors::describe)
            .collect(Collectors.toList());
    if (!errors.isEmpty()) {
      throw new FlowRunException(
          "the " + what + " refuses its configuration: " + String.join("; ", errors));
    }
  }

  private static String describe(ConfigValue value) {
    return value.name() + ": " + String.join(", ", value.errorMessages());
  }
}
