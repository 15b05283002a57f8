package io.ductstream.source.pg;

import io.ductstream.testkit.SourceTaskRunner;
import io.ductstream.testkit.StandaloneSourceTaskContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Runs the connector and its task in the test's own thread, without a Connect worker, so records
 * can be compared value by value as the task produced them. Every record polled is acknowledged, as
 * the runtime would once it is durable (testkit's {@link SourceTaskRunner}).
 */
final class TaskHarness implements AutoCloseable {
  private final PostgresSourceTask task = new PostgresSourceTask();
  private final Metrics metrics;
  private final SourceTaskRunner runner;

  TaskHarness(Map<String, String> props) {
    this(props, null, false);
  }

  /** A task whose runtime has {@code offset} committed (null: none), as after a restart. */
  TaskHarness(Map<String, String> props, Map<String, Object> offset) {
    this(props, offset, false);
  }

  /**
   * @param withMetrics give the task plugin metrics (KIP-877), as a worker does; else none, as a
   *     hand-made context
   */
  TaskHarness(Map<String, String> props, Map<String, Object> offset, boolean withMetrics) {
    this(props, offset, withMetrics ? new Metrics() : null, null);
  }

  /** A task whose plugin metrics are {@code plugin}'s (e.g. one that fails on purpose). */
  static TaskHarness withPluginMetrics(Map<String, String> props, PluginMetrics plugin) {
    return new TaskHarness(props, null, null, plugin);
  }

  private TaskHarness(
      Map<String, String> props, Map<String, Object> offset, Metrics metrics, PluginMetrics given) {
    PostgresSourceConnector connector = new PostgresSourceConnector();
    connector.start(props);
    Map<String, String> taskProps = connector.taskConfigs(1).get(0);
    this.metrics = metrics;
    PluginMetrics plugin =
        given != null
            ? given
            : metrics != null
                ? new PluginMetricsImpl(metrics, Map.of("connector", "harness"))
                : null;
    runner = new SourceTaskRunner(task, new StandaloneSourceTaskContext(taskProps, offset, plugin));
    runner.start();
  }

  /** The task under test. */
  PostgresSourceTask task() {
    return task;
  }

  /** Tells the task the runtime stored the offsets of what was acknowledged, as Connect does. */
  void commit() throws InterruptedException {
    runner.commit();
  }

  /** Polls once, acknowledging what came; null when nothing came. */
  List<SourceRecord> pollOnce() throws InterruptedException {
    return runner.pollOnce();
  }

  /** The value of the task metric {@code name} with tag {@code table}, or null. */
  Object metric(String name, String table) {
    return metrics.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(name)
                    && (table == null || table.equals(e.getKey().tags().get("table"))))
        .map(e -> e.getValue().metricValue())
        .findFirst()
        .orElse(null);
  }

  /**
   * The offset Connect would commit now: that of the last record polled, since every record polled
   * is acknowledged.
   */
  Map<String, Object> committedOffset() {
    return runner.committedOffset();
  }

  /** Polls until no record came for {@code quiet}, acknowledging each; for "nothing else came". */
  List<SourceRecord> pollUntilQuiet(Duration quiet) throws InterruptedException {
    return runner.pollUntilQuiet(quiet);
  }

  /** Polls until {@code done} holds for everything polled so far, or fails at the deadline. */
  List<SourceRecord> pollUntil(Predicate<List<SourceRecord>> done, Duration timeout)
      throws InterruptedException {
    return runner.pollUntil(done, timeout);
  }

  /** Polls until {@code count} records came, acknowledging each. */
  List<SourceRecord> poll(int count, Duration timeout) throws InterruptedException {
    return runner.poll(count, timeout);
  }

  @Override
  public void close() {
    runner.close();
    if (metrics != null) {
      metrics.close();
    }
  }
}
