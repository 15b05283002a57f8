package io.ductstream.source.pg.metrics;

import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task publishes its gauges: the worker's plugin metrics (KIP-877, Kafka 4.1+), or nowhere
 * on a worker that predates them (3.x) or a hand-made task context. Only {@link PluginGauges} names
 * KIP-877's classes, and it is loaded only once they are known to exist, so an older worker runs
 * the task without metrics instead of failing with a NoClassDefFoundError.
 */
public interface TaskGauges {
  Logger log = LoggerFactory.getLogger(TaskGauges.class);

  TaskGauges NONE =
      new TaskGauges() {
        @Override
        public void register(
            String name, String description, Map<String, String> tags, LongSupplier value) {}

        @Override
        public void close() {}
      };

  /** Publishes {@code value} as the gauge {@code name} with these tags, if there is a registry. */
  void register(String name, String description, Map<String, String> tags, LongSupplier value);

  /** Removes every gauge this registered. */
  void close();

  /** The task's plugin metrics, or {@link #NONE} where the worker has none. */
  static TaskGauges of(SourceTaskContext context) {
    if (context == null || !pluginMetricsExist()) {
      log.info("this Kafka Connect worker has no plugin metrics (KIP-877, 4.1+): no task gauges");
      return NONE;
    }
    try {
      return PluginGauges.of(context);
    } catch (LinkageError | RuntimeException e) {
      log.info("no task gauges in this runtime: {}", e.toString());
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
