package io.ductstream.metrics;

import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task publishes its meters: the runtime's plugin metrics (KIP-877: a Kafka Connect 4.1+
 * worker's, or the DuctStream runtime's, which bridges them to its Prometheus endpoint), or nowhere
 * on a worker that predates them (3.x) or with a hand-made task context. Only {@link
 * PluginTaskMetrics} names KIP-877's classes, and it is loaded only once they are known to exist,
 * so an older worker runs the task without metrics instead of failing with a NoClassDefFoundError.
 */
public interface TaskMetrics {
  Logger log = LoggerFactory.getLogger(TaskMetrics.class);

  TaskMetrics NONE =
      new TaskMetrics() {
        @Override
        public void register(
            String name, String description, Map<String, String> tags, DoubleSupplier value) {}

        @Override
        public void close() {}
      };

  /**
   * Publishes {@code value}, read when the meter is read, as {@code name} (a {@link MeterNames}
   * name: a counter when it ends in {@code _total}) with these tags.
   */
  void register(String name, String description, Map<String, String> tags, DoubleSupplier value);

  /** Removes every meter this registered. */
  void close();

  /** The source task's plugin metrics, or {@link #NONE} where the runtime has none. */
  static TaskMetrics of(SourceTaskContext context) {
    return context == null ? NONE : bind(() -> PluginTaskMetrics.of(context));
  }

  /** The sink task's plugin metrics, or {@link #NONE} where the runtime has none. */
  static TaskMetrics of(SinkTaskContext context) {
    return context == null ? NONE : bind(() -> PluginTaskMetrics.of(context));
  }

  /** Calls {@code plugin}, which names KIP-877's classes, only once they are known to exist. */
  private static TaskMetrics bind(Supplier<TaskMetrics> plugin) {
    if (!pluginMetricsExist()) {
      log.info("this Kafka Connect worker has no plugin metrics (KIP-877, 4.1+): no task metrics");
      return NONE;
    }
    try {
      return plugin.get();
    } catch (LinkageError | RuntimeException e) {
      log.info("no task metrics in this runtime: {}", e.toString());
      return NONE;
    }
  }

  private static boolean pluginMetricsExist() {
    try {
      Class.forName(
          "org.apache.kafka.common.metrics.PluginMetrics",
          false,
          ConnectorContext.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
