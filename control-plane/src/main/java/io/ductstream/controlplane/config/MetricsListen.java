package io.ductstream.controlplane.config;

import java.util.Map;
import java.util.Optional;

/**
 * {@code DUCTSTREAM_METRICS_LISTEN}: where {@code bin/ductstream} and {@code bin/ductstream-worker}
 * serve {@code /metrics}, in the forms of {@link ListenAddress} ({@code :9464} is loopback only).
 * Unset or blank: no endpoint.
 */
public final class MetricsListen {
  public static final String METRICS_LISTEN = "DUCTSTREAM_METRICS_LISTEN";

  private MetricsListen() {}

  /**
   * @throws SettingsException naming the variable when the value is not a listen address
   */
  public static Optional<ListenAddress> read(Map<String, String> env) {
    String value = env.get(METRICS_LISTEN);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ListenAddress.parse(value));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          METRICS_LISTEN
              + "=\""
              + value.trim()
              + "\" is not a listen address ("
              + e.getMessage()
              + "); use \":9464\" (loopback only), \"host:port\" or \"0.0.0.0:9464\" (every"
              + " interface), or leave it unset for no /metrics endpoint");
    }
  }
}
