package io.ductstream.source.pg;

import io.ductstream.testkit.StandaloneSourceTaskContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Runs the connector and its task in the test's own thread, without a Connect worker, so records
 * can be compared value by value as the task produced them. Every record polled is acknowledged, as
 * the runtime would once it is durable.
 */
final class TaskHarness implements AutoCloseable {
  private final PostgresSourceTask task = new PostgresSourceTask();
  private final Metrics metrics;
  private Map<String, ?> lastOffset;

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
    task.initialize(new StandaloneSourceTaskContext(taskProps, offset, plugin));
    task.start(taskProps);
  }

  /** The task under test. */
  PostgresSourceTask task() {
    return task;
  }

  /** Tells the task the runtime stored the offsets of what was acknowledged, as Connect does. */
  void commit() throws InterruptedException {
    task.commit();
  }

  /** Polls once, acknowledging what came; null when nothing came. */
  List<SourceRecord> pollOnce() throws InterruptedException {
    List<SourceRecord> batch = task.poll();
    if (batch != null) {
      batch.forEach(this::acknowledge);
    }
    return batch;
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
  @SuppressWarnings("unchecked")
  Map<String, Object> committedOffset() {
    return lastOffset == null ? null : Map.copyOf((Map<String, Object>) lastOffset);
  }

  /** Polls until no record came for {@code quiet}, acknowledging each; for "nothing else came". */
  List<SourceRecord> pollUntilQuiet(Duration quiet) throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long quietUntil = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < quietUntil) {
      List<SourceRecord> batch = task.poll();
      if (batch != null && !batch.isEmpty()) {
        for (SourceRecord record : batch) {
          acknowledge(record);
          out.add(record);
        }
        quietUntil = System.nanoTime() + quiet.toNanos();
      }
    }
    return out;
  }

  /** Polls until {@code done} holds for everything polled so far, or fails at the deadline. */
  List<SourceRecord> pollUntil(
      java.util.function.Predicate<List<SourceRecord>> done, Duration timeout)
      throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(out)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "condition not met in " + timeout + " after " + out.size() + " records");
      }
      List<SourceRecord> batch = task.poll();
      if (batch != null) {
        for (SourceRecord record : batch) {
          acknowledge(record);
          out.add(record);
        }
      }
    }
    return out;
  }

  private void acknowledge(SourceRecord record) {
    task.commitRecord(record, null);
    lastOffset = record.sourceOffset();
  }

  /** Polls until {@code count} records came, acknowledging each. */
  List<SourceRecord> poll(int count, Duration timeout) throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < count && System.nanoTime() < deadline) {
      List<SourceRecord> batch = task.poll();
      if (batch != null) {
        for (SourceRecord record : batch) {
          acknowledge(record);
          out.add(record);
        }
      }
    }
    if (out.size() < count) {
      throw new AssertionError(
          "expected " + count + " records in " + timeout + ", got " + out.size());
    }
    return out;
  }

  @Override
  public void close() {
    task.stop();
    if (metrics != null) {
      metrics.close();
    }
  }
}
