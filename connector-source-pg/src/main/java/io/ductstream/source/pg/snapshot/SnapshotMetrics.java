package io.ductstream.source.pg.snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot progress per table (rows read, estimated rows from pg_class.reltuples) as Connect task
 * metrics ({@code snapshot-rows-read} and {@code snapshot-rows-estimated}, tagged with the table,
 * plus {@code snapshot-chunks-completed}), and as a log line. Without plugin metrics (a hand-made
 * task context) only the log line remains.
 */
public final class SnapshotMetrics {
  private static final Logger log = LoggerFactory.getLogger(SnapshotMetrics.class);

  /** One table's counters. */
  public static final class TableCounter {
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong estimated = new AtomicLong();

    public void add(long count) {
      rows.addAndGet(count);
    }

    public long rows() {
      return rows.get();
    }

    public long estimated() {
      return estimated.get();
    }
  }

  private final PluginMetrics metrics;
  private final Map<String, TableCounter> tables = new ConcurrentHashMap<>();
  private final AtomicLong chunks = new AtomicLong();
  private final List<MetricName> registered = new CopyOnWriteArrayList<>();

  /**
   * @param metrics the task's plugin metrics, or null
   */
  public SnapshotMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
    register("snapshot-chunks-completed", "Snapshot chunks read", Map.of(), chunks::get);
  }

  /** The counter of {@code table}, registering its metrics on first use. */
  public TableCounter table(String table, long estimatedRows) {
    TableCounter counter =
        tables.computeIfAbsent(
            table,
            t -> {
              TableCounter created = new TableCounter();
              Map<String, String> tags = Map.of("table", t);
              register("snapshot-rows-read", "Rows read by the snapshot", tags, created::rows);
              register(
                  "snapshot-rows-estimated",
                  "Rows of the table estimated from pg_class.reltuples",
                  tags,
                  created::estimated);
              return created;
            });
    counter.estimated.set(Math.max(0, estimatedRows));
    return counter;
  }

  public void chunkCompleted() {
    chunks.incrementAndGet();
  }

  public long rows(String table) {
    TableCounter counter = tables.get(table);
    return counter == null ? 0 : counter.rows();
  }

  public long chunksCompleted() {
    return chunks.get();
  }

  /** Logs rows read / estimated per table. */
  public void logProgress(String what) {
    tables.forEach(
        (table, counter) ->
            log.info(
                "snapshot {}: {} {} of ~{} rows",
                what,
                table,
                counter.rows(),
                counter.estimated()));
  }

  /** Removes the metrics again. */
  public void close() {
    if (metrics == null) {
      return;
    }
    for (MetricName name : registered) {
      try {
        metrics.removeMetric(name);
      } catch (RuntimeException e) {
        log.debug("cannot remove metric {}: {}", name, e.getMessage());
      }
    }
  }

  private void register(
      String name, String description, Map<String, String> tags, LongSupplier value) {
    if (metrics == null) {
      return;
    }
    try {
      MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>(tags));
      metrics.addMetric(metricName, (Measurable) (config, now) -> value.getAsLong());
      registered.add(metricName);
    } catch (RuntimeException e) {
      // A metric of the same name from an earlier run of this task, or no metrics support.
      log.debug("cannot register metric {}: {}", name, e.getMessage());
    }
  }
}
