package io.ductstream.controlplane.metrics;

import io.ductstream.metrics.MeterNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * The plugin metrics (KIP-877) the runtime gives the connector tasks it runs in this process: each
 * metric a task adds becomes a Micrometer meter of the same name, with the runtime's tags (the
 * flow, and the destination of a sink) added to the task's, so the tasks' meters are served on this
 * process's {@code /metrics} and counted only where the task counts them. A name ending in {@code
 * _total} becomes a counter, any other a gauge. Closing removes every meter still there.
 */
public final class MicrometerPluginMetrics implements PluginMetrics, AutoCloseable {
  static final String GROUP = "plugins";

  private final MeterRegistry registry;
  private final Map<String, String> fixedTags;
  // the providers are held here: Micrometer keeps only a weak reference to a gauge's object
  private final Map<MetricName, Registered> meters = new ConcurrentHashMap<>();

  private record Registered(Meter meter, MetricValueProvider<?> provider) {}

  /**
   * @param fixedTags tags every meter gets, e.g. {@code flow}; a task may not use their names
   */
  public MicrometerPluginMetrics(MeterRegistry registry, Map<String, String> fixedTags) {
    this.registry = registry;
    this.fixedTags = Map.copyOf(fixedTags);
  }

  @Override
  public MetricName metricName(
      String name, String description, LinkedHashMap<String, String> tags) {
    LinkedHashMap<String, String> all = new LinkedHashMap<>(fixedTags);
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (fixedTags.containsKey(tag.getKey())) {
        throw new IllegalArgumentException(
            "tag " + tag.getKey() + " is set by the runtime; a plugin may not use it");
      }
      all.put(tag.getKey(), tag.getValue());
    }
    return new MetricName(name, GROUP, description, all);
  }

  @Override
  public void addMetric(MetricName name, MetricValueProvider<?> provider) {
    removeMetric(name); // a task started again replaces its meters
    List<Tag> tags = new ArrayList<>();
    name.tags().forEach((key, value) -> tags.add(Tag.of(key, value)));
    ToDoubleFunction<MetricValueProvider<?>> read = MicrometerPluginMetrics::read;
    Meter meter;
    if (MeterNames.isCounter(name.name())) {
      meter =
          FunctionCounter.builder(MeterNames.counterBase(name.name()), provider, read)
              .description(name.description())
              .tags(tags)
              .register(registry);
    } else {
      meter =
          Gauge.builder(name.name(), provider, read)
              .description(name.description())
              .tags(tags)
              .strongReference(true)
              .register(registry);
    }
    meters.put(name, new Registered(meter, provider));
  }

  @Override
  public void removeMetric(MetricName name) {
    Registered registered = meters.remove(name);
    if (registered != null) {
      registry.remove(registered.meter());
    }
  }

  /** Sensors are not bridged: DuctStream's tasks publish measurables only. */
  @Override
  public Sensor addSensor(String name) {
    throw new UnsupportedOperationException(
        "sensor " + name + ": the DuctStream runtime bridges metrics, not sensors");
  }

  @Override
  public void removeSensor(String name) {}

  @Override
  public void close() {
    List.copyOf(meters.keySet()).forEach(this::removeMetric);
  }

  private static double read(MetricValueProvider<?> provider) {
    if (provider instanceof Measurable measurable) {
      return measurable.measure(null, System.currentTimeMillis());
    }
    if (provider instanceof org.apache.kafka.common.metrics.Gauge<?> gauge
        && gauge.value(null, System.currentTimeMillis()) instanceof Number number) {
      return number.doubleValue();
    }
    return Double.NaN;
  }
}
