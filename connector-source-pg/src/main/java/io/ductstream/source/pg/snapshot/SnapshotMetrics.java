package io.ductstream.source.pg.snapshot;

import io.ductstream.metrics.MeterNames;
import io.ductstream.metrics.TaskMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot progress per table (rows read, estimated rows from pg_class.reltuples) as task metrics
 * ({@link MeterNames#SNAPSHOT_ROWS} and {@link MeterNames#SNAPSHOT_ROWS_ESTIMATED}, tagged with the
 * table, plus {@link MeterNames#SNAPSHOT_CHUNKS}), and as a log line. Without plugin metrics (a
 * worker before Kafka 4.1, a hand-made task context) only the log line remains.
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

  private final TaskMetrics gauges;
  private final Map<String, TableCounter> tables = new ConcurrentHashMap<>();
  private final AtomicLong chunks = new AtomicLong();

  public SnapshotMetrics(TaskMetrics gauges) {
    this.gauges = gauges;
    gauges.register(MeterNames.SNAPSHOT_CHUNKS, "Snapshot chunks read", Map.of(), chunks::get);
  }

  /** The counter of {@code table}, registering its metrics on first use. */
  public TableCounter table(String table, long estimatedRows) {
    TableCounter counter =
        tables.computeIfAbsent(
            table,
            t -> {
              TableCounter created = new TableCounter();
              Map<String, String> tags = Map.of(MeterNames.TABLE, t);
              gauges.register(
                  MeterNames.SNAPSHOT_ROWS, "Rows read by the snapshot", tags, created::rows);
              gauges.register(
                  MeterNames.SNAPSHOT_ROWS_ESTIMATED,
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
    gauges.close();
  }
}
