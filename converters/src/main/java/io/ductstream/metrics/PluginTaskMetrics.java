package io.ductstream.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;

/** Meters in the runtime's KIP-877 plugin metrics; loaded only by {@link TaskMetrics#of}. */
final class PluginTaskMetrics implements TaskMetrics {
  private final PluginMetrics metrics;
  private final List<MetricName> registered = new CopyOnWriteArrayList<>();

  private PluginTaskMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
  }

  static TaskMetrics of(SourceTaskContext context) {
    return of(context.pluginMetrics());
  }

  static TaskMetrics of(SinkTaskContext context) {
    return of(context.pluginMetrics());
  }

  private static TaskMetrics of(PluginMetrics metrics) {
    return metrics == null ? NONE : new PluginTaskMetrics(metrics);
  }

  @Override
  public void register(
      String name, String description, Map<String, String> tags, DoubleSupplier value) {
    try {
      MetricName metricName = metrics.metricName(name, description, ordered(tags));
      metrics.addMetric(metricName, (Measurable) (config, now) -> value.getAsDouble());
      registered.add(metricName);
    } catch (RuntimeException e) {
      // A metric of the same name from an earlier run of this task.
      log.debug("cannot register metric {}: {}", name, e.getMessage());
    }
  }

  /**
   * The tags in one order whatever map the caller built ({@code Map.of} iterates in an order that
   * changes from one JVM to the next): they become the MBean name's keys, which JMX exporter rules
   * match in order (config/jmx-exporter.yml expects table, then op).
   */
  static LinkedHashMap<String, String> ordered(Map<String, String> tags) {
    LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
    for (String key : new String[] {MeterNames.TABLE, MeterNames.OP}) {
      if (tags.containsKey(key)) {
        ordered.put(key, tags.get(key));
      }
    }
    new TreeMap<>(tags).forEach(ordered::putIfAbsent);
    return ordered;
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
