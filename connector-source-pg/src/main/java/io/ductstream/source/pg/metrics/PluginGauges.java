package io.ductstream.source.pg.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;

/** Gauges in the worker's KIP-877 plugin metrics; loaded only by {@link TaskGauges#of}. */
final class PluginGauges implements TaskGauges {
  private final PluginMetrics metrics;
  private final List<MetricName> registered = new CopyOnWriteArrayList<>();

  private PluginGauges(PluginMetrics metrics) {
    this.metrics = metrics;
  }

  static TaskGauges of(SourceTaskContext context) {
    PluginMetrics metrics = context.pluginMetrics();
    return metrics == null ? NONE : new PluginGauges(metrics);
  }

  @Override
  public void register(
      String name, String description, Map<String, String> tags, LongSupplier value) {
    try {
      MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>(tags));
      metrics.addMetric(metricName, (Measurable) (config, now) -> value.getAsLong());
      registered.add(metricName);
    } catch (RuntimeException e) {
      // A metric of the same name from an earlier run of this task.
      log.debug("cannot register metric {}: {}", name, e.getMessage());
    }
  }

  @Override
  public void close() {
    for (MetricName name : registered) {
      try {
        metrics.removeMetric(name);
      } catch (RuntimeException e) {
        log.debug("cannot remove metric {}: {}", name, e.getMessage());
      }
    }
    registered.clear();
  }
}
