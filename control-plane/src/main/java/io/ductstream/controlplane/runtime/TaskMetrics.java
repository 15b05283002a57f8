package io.ductstream.controlplane.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * The plugin metrics (KIP-877) the runner gives its source task, as a Connect worker does, held in
 * a Kafka {@link Metrics} registry of the run: the runner reads the task's gauges (snapshot
 * progress) from it.
 */
final class TaskMetrics implements PluginMetrics, AutoCloseable {
  private static final String GROUP = "ductstream-flow-runner";

  private final Metrics metrics = new Metrics();
  private PluginMetrics forward;

  /**
   * Also publishes every metric to {@code other} (the process's Micrometer bridge), under the names
   * it gives them; null publishes none.
   */
  void forwardTo(PluginMetrics other) {
    this.forward = other;
  }

  @Override
  public MetricName metricName(
      String name, String description, LinkedHashMap<String, String> tags) {
    return forward != null
        ? forward.metricName(name, description, tags)
        : metrics.metricName(name, GROUP, description, tags);
  }

  @Override
  public void addMetric(MetricName name, MetricValueProvider<?> provider) {
    metrics.addMetric(name, provider);
    if (forward != null) {
      forward.addMetric(name, provider);
    }
  }

  @Override
  public void removeMetric(MetricName name) {
    metrics.removeMetric(name);
    if (forward != null) {
      forward.removeMetric(name);
    }
  }

  @Override
  public Sensor addSensor(String name) {
    return metrics.sensor(name);
  }

  @Override
  public void removeSensor(String name) {
    metrics.removeSensor(name);
  }

  /** The sum of the gauges named {@code name}, whatever their tags (e.g. one per table). */
  long sum(String name) {
    long sum = 0;
    for (Map.Entry<MetricName, KafkaMetric> metric : metrics.metrics().entrySet()) {
      if (metric.getKey().name().equals(name)
          && metric.getValue().metricValue() instanceof Number value) {
        sum += value.longValue();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    metrics.close();
  }
}
