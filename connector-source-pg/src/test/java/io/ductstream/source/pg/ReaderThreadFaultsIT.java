package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Faults inside the task's own threads: none may leave the task RUNNING with nothing reading (the
 * slot would pin WAL) or report a half-read snapshot as done, and a lost connection is reconnected
 * wherever the reader notices it.
 */
@Tag("fault")
class ReaderThreadFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    db = PostgresServer.shared().createDatabase("reader_faults");
  }

  @Test
  void connectionLostWhileTheRuntimeIsNotPollingIsReopenedWithoutLoss() throws Exception {
    db.execute("CREATE TABLE backpressure (id int PRIMARY KEY, pad text)");
    Map<String, String> props = SourceConnectors.config(db, "backpressure", "public.backpressure");
    props.put("snapshot.mode", "never");
    props.put("max.queue.bytes", "65536"); // a few hundred records: the reader soon waits on it
    try (TaskHarness task = new TaskHarness(props)) {
      // Large transactions: the reader hands batches over while it decodes them (not only when
      // the stream is idle), so it notices the lost connection in the middle of a transaction.
      for (int t = 0; t < 2; t++) {
        db.execute(
            "INSERT INTO backpressure SELECT g, repeat('x', 200) FROM generate_series("
                + (t * 2000 + 1)
                + ", "
                + (t * 2000 + 2000)
                + ") g");
      }
      // Nothing polls: the queue fills and the reader waits to hand a batch over, answering the
      // server with keep-alives: in the middle of a transaction (inside accept(), the path that
      // used to fail the task) when the server sends faster than the reader decodes, else between
      // reads.
      String where = awaitReaderWaitingOnTheFullQueue(props.get("slot.name"));
      System.out.println("the reader waits on the full queue " + where);
      int killed = terminateWalsender(props.get("slot.name"));
      System.out.println("injected: walsender " + killed + " terminated while the queue was full");
      // Still nothing polls: the reader notices the lost connection in its keep-alives and must
      // reconnect from there (a new walsender serves the slot), not fail the task.
      awaitNewWalsender(props.get("slot.name"), killed);
      List<SourceRecord> records = task.pollUntil(r -> r.size() >= 4000, WAIT);
      records.addAll(task.pollUntilQuiet(Duration.ofSeconds(2)));
      Map<Integer, Long> perId =
          records.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> ((Struct) r.value()).getStruct("after").getInt32("id"),
                      Collectors.counting()));
      FaultReport.of(
              1,
              java.util.stream.IntStream.rangeClosed(1, 4000).boxed().toList(),
              records.stream()
                  .map(r -> ((Struct) r.value()).getStruct("after").getInt32("id"))
                  .toList())
          .print("walsender killed while the queue was full");
      assertThat(perId).as("every row arrived").hasSize(4000);
      assertThat(perId.values()).as("none twice").allMatch(n -> n == 1);
    }
  }

  @Test
  void anErrorInASnapshotReaderThreadFailsTheTaskInsteadOfSkippingItsChunk() throws Exception {
    db.execute(
        "CREATE TABLE snapshot_error (id int PRIMARY KEY)",
        "INSERT INTO snapshot_error SELECT generate_series(1, 100)");
    Map<String, String> props =
        SourceConnectors.config(db, "snapshot-error", "public.snapshot_error");
    PluginMetrics failing = new ErrorOnTableMetrics();
    try (TaskHarness task = TaskHarness.withPluginMetrics(props, failing)) {
      assertThatThrownBy(
              () -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                  task.pollOnce();
                }
              })
          .as("the task fails, naming the error")
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("OutOfMemoryError");
      System.out.println("checked: an Error in a snapshot reader thread failed the task");
    }
  }

  /**
   * Waits until the reader thread's stack shows it blocked on the full queue; says where (inside a
   * transaction, or between reads).
   */
  private static String awaitReaderWaitingOnTheFullQueue(String slot) throws InterruptedException {
    String name = "ductstream-replication-" + slot;
    String last = "no reader thread";
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        if (thread.getKey().getName().equals(name)) {
          last = java.util.Arrays.toString(thread.getValue());
          if (last.contains("ChangeQueue.offer")) {
            return last.contains("ReplicationReader.accept")
                ? "inside a transaction (accept)"
                : "between reads (idle)";
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the reader never waited on the full queue; its stack: " + last);
  }

  /** Terminates the slot's walsender; returns its pid. */
  private static int terminateWalsender(String slot) throws Exception {
    int pid = activePid(slot);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(" + pid + ")");
    }
    return pid;
  }

  private static void awaitNewWalsender(String slot, int killed) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      int pid = activePid(slot);
      if (pid != 0 && pid != killed) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the reader did not reconnect while the queue was full");
  }

  private static int activePid(String slot) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        java.sql.ResultSet r =
            s.executeQuery(
                "SELECT coalesce(active_pid, 0) FROM pg_replication_slots WHERE slot_name = '"
                    + slot
                    + "'")) {
      return r.next() ? r.getInt(1) : 0;
    }
  }

  /**
   * Plugin metrics whose per-table snapshot gauge throws an Error: a stand-in for an
   * OutOfMemoryError or a class-path conflict in the snapshot reader thread (the only thread that
   * registers it).
   */
  private static final class ErrorOnTableMetrics implements PluginMetrics {
    private final PluginMetrics delegate =
        new PluginMetricsImpl(new Metrics(), Map.of("connector", "faults"));

    @Override
    public MetricName metricName(
        String name, String description, LinkedHashMap<String, String> tags) {
      if (name.equals("ductstream_snapshot_rows_total")) {
        throw new OutOfMemoryError("injected in the snapshot reader thread");
      }
      return delegate.metricName(name, description, tags);
    }

    @Override
    public void addMetric(MetricName name, MetricValueProvider<?> provider) {
      delegate.addMetric(name, provider);
    }

    @Override
    public void removeMetric(MetricName name) {
      delegate.removeMetric(name);
    }

    @Override
    public Sensor addSensor(String name) {
      return delegate.addSensor(name);
    }

    @Override
    public void removeSensor(String name) {
      delegate.removeSensor(name);
    }
  }
}
