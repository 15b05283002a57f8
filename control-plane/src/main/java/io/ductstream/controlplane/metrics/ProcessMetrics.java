package io.ductstream.controlplane.metrics;

import io.ductstream.controlplane.config.ListenAddress;
import io.ductstream.controlplane.config.MetricsListen;
import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.format.WireFormat;
import io.ductstream.metrics.ConverterMismatches;
import io.ductstream.metrics.MeterNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of this process (Micrometer's Prometheus registry) and, when {@code
 * DUCTSTREAM_METRICS_LISTEN} is set, the HTTP endpoint that serves them as {@code /metrics}. Meters
 * that need a query are refreshed by the hooks given to {@link #beforeScrape}.
 */
public final class ProcessMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessMetrics.class);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<Runnable> refreshers = new CopyOnWriteArrayList<>();
  private MetricsServer server;

  private ProcessMetrics() {
    for (WireFormat format : WireFormat.values()) {
      String name = format.configName();
      FunctionCounter.builder(
              MeterNames.counterBase(MeterNames.CONVERTER_MISMATCHES),
              name,
              ConverterMismatches::count)
          .description("Payloads a converter found not in its wire format")
          .tag(MeterNames.FORMAT, name)
          .register(registry);
    }
  }

  /**
   * The process's meters, served on {@code DUCTSTREAM_METRICS_LISTEN} when it is set.
   *
   * @throws SettingsException when the variable is not a listen address or the address is taken
   */
  public static ProcessMetrics start(Map<String, String> env) {
    Optional<ListenAddress> listen = MetricsListen.read(env);
    ProcessMetrics metrics = new ProcessMetrics();
    if (listen.isPresent()) {
      try {
        metrics.server = MetricsServer.start(listen.get(), metrics::scrape);
      } catch (IOException e) {
        throw new SettingsException(
            "cannot serve /metrics on "
                + listen.get()
                + " ("
                + e.getMessage()
                + "); set "
                + MetricsListen.METRICS_LISTEN
                + " to a free address, e.g. \":9465\"");
      }
      log.info("serving Prometheus metrics on http://{}/metrics", metrics.server.address());
    }
    return metrics;
  }

  /** Meters that no endpoint serves (tests, embedded use). */
  public static ProcessMetrics unserved() {
    return new ProcessMetrics();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Runs {@code refresh} before each scrape (meters whose value takes a query). */
  public void beforeScrape(Runnable refresh) {
    refreshers.add(refresh);
  }

  /** The meters in the Prometheus text format, after the refresh hooks ran. */
  public String scrape() {
    for (Runnable refresh : refreshers) {
      try {
        refresh.run();
      } catch (RuntimeException e) {
        log.debug("a metrics refresh failed: {}", e.getMessage());
      }
    }
    return registry.scrape();
  }

  /** Where {@code /metrics} is served, if it is. */
  public Optional<ListenAddress> address() {
    return Optional.ofNullable(server).map(MetricsServer::address);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    registry.close();
  }
}
