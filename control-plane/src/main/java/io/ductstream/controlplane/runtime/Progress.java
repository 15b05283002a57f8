package io.ductstream.controlplane.runtime;

import io.ductstream.controlplane.flow.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's progress line, every interval, its summary at the end, and what {@link
 * FlowRunner#progress()} reports, measured once a second.
 */
final class Progress {
  private static final Logger log = LoggerFactory.getLogger(Progress.class);
  private static final long MEASURE_NANOS = 1_000_000_000L;

  private final String flow;
  private final long intervalNanos;
  private final CatchUp slot;
  private final long startedNanos = System.nanoTime();
  private long lastNanos = startedNanos;
  private long lastRows;
  private final TaskMetrics taskMetrics;
  private long measuredNanos = startedNanos;
  private long measuredRows;
  private volatile RunProgress current = RunProgress.STARTING;

  Progress(String flow, Duration interval, CatchUp slot, TaskMetrics taskMetrics) {
    this.flow = flow;
    this.intervalNanos = interval.toNanos();
    this.slot = slot;
    this.taskMetrics = taskMetrics;
  }

  /** The last measurement. */
  RunProgress current() {
    return current;
  }

  /**
   * Measures rows/s, lag and the snapshot's progress, once a second at most.
   *
   * @param streaming whether a streamed change (not a snapshot row) has been delivered
   */
  void measure(long rows, OptionalLong oldestPending, boolean streaming) {
    long now = System.nanoTime();
    if (now - measuredNanos < MEASURE_NANOS) {
      return;
    }
    long estimated = taskMetrics.sum("snapshot-rows-estimated");
    long read = taskMetrics.sum("snapshot-rows-read");
    boolean snapshot = !streaming && (estimated > 0 || read > 0);
    current =
        new RunProgress(
            snapshot,
            rows,
            (rows - measuredRows) / ((now - measuredNanos) / 1e9),
            lagSeconds(oldestPending),
            read,
            estimated);
    measuredNanos = now;
    measuredRows = rows;
  }

  private static long lagSeconds(OptionalLong oldestPending) {
    return oldestPending.isPresent()
        ? Math.max(0, (System.currentTimeMillis() - oldestPending.getAsLong()) / 1000)
        : 0;
  }

  /**
   * @param oldestPending the commit time (epoch ms) of the oldest change not yet durable
   *     everywhere, if any: the flow's lag in seconds is how old it is
   */
  void tick(long rows, Checkpoint checkpoint, OptionalLong oldestPending) {
    long now = System.nanoTime();
    if (intervalNanos <= 0 || now - lastNanos < intervalNanos) {
      return;
    }
    double seconds = (now - lastNanos) / 1e9;
    OptionalLong lag = slot.lagBytes();
    log.info(
        "flow {}: {} rows/s, {} rows in all, lag {} s and {} of WAL, checkpoint {}",
        flow,
        String.format(Locale.ROOT, "%.0f", (rows - lastRows) / seconds),
        rows,
        lagSeconds(oldestPending),
        lag.isPresent() ? lag.getAsLong() + " bytes" : "unknown bytes",
        describe(checkpoint));
    lastNanos = now;
    lastRows = rows;
  }

  void summary(long rows, Checkpoint checkpoint) {
    double seconds = Math.max(0.001, (System.nanoTime() - startedNanos) / 1e9);
    log.info(
        "flow {}: {} rows in {} s ({} rows/s), checkpoint {}",
        flow,
        rows,
        String.format(Locale.ROOT, "%.1f", seconds),
        String.format(Locale.ROOT, "%.0f", rows / seconds),
        describe(checkpoint));
  }

  private static String describe(Checkpoint checkpoint) {
    if (checkpoint == null) {
      return "not moved yet";
    }
    long age = Duration.between(checkpoint.updatedAt(), Instant.now()).toSeconds();
    return checkpoint.lsn() + " (" + Math.max(0, age) + " s ago)";
  }
}
