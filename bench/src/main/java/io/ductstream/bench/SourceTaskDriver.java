package io.ductstream.bench;

import com.sun.management.OperatingSystemMXBean;
import io.ductstream.source.pg.PostgresSourceTask;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.records.ChangeRecord;
import io.ductstream.testkit.SourceTaskRunner;
import io.ductstream.testkit.StandaloneSourceTaskContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Drives a {@link PostgresSourceTask} in this JVM the way a Connect worker does, without Kafka:
 * start with no stored offset, poll, and acknowledge every record with {@code commitRecord} (as the
 * worker does once the producer has it), so acknowledgements and slot confirmation run as in
 * Connect. Records are counted and dropped, never kept.
 */
final class SourceTaskDriver {
  /** A task that hands over nothing for this long has stalled; the benchmark fails. */
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private final Map<String, String> taskProps;

  /**
   * @param taskProps the task config the connector gave ({@code taskConfigs(1).get(0)})
   */
  SourceTaskDriver(Map<String, String> taskProps) {
    this.taskProps = Map.copyOf(taskProps);
  }

  /**
   * How long a streaming took: in all, from {@code start()} to the last record acknowledged; and
   * the CPU time this JVM spent meanwhile (all threads, garbage collection included).
   */
  record Timing(
      double seconds, double startSeconds, double firstRecordSeconds, double cpuSeconds) {}

  /** Starts a task, polls until {@code changes} change records came, and stops it. */
  Timing stream(long changes) throws InterruptedException {
    return stream(changes, record -> record instanceof ChangeRecord);
  }

  /**
   * Starts a task, polls until {@code changes} records that {@code counted} accepts came (others,
   * such as heartbeats, are acknowledged and skipped), and stops it.
   */
  Timing stream(long changes, Predicate<SourceRecord> counted) throws InterruptedException {
    SourceTaskRunner task =
        new SourceTaskRunner(
            new PostgresSourceTask(), StandaloneSourceTaskContext.firstStart(taskProps));
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    task.start();
    long started = System.nanoTime();
    long firstRecord = 0;
    try {
      long received = 0;
      long lastBatch = System.nanoTime();
      while (received < changes) {
        List<SourceRecord> batch = task.pollOnce(); // acknowledged, as the worker does
        if (batch == null) {
          if (System.nanoTime() - lastBatch > STALL_LIMIT.toNanos()) {
            throw new BenchException(stalled(received, changes));
          }
          continue;
        }
        lastBatch = System.nanoTime();
        if (firstRecord == 0) {
          firstRecord = lastBatch;
        }
        for (SourceRecord record : batch) {
          if (counted.test(record)) {
            received++;
          }
        }
      }
      long end = System.nanoTime();
      long cpu = processCpuNanos() - cpuStart;
      if (received != changes) {
        throw new BenchException(
            "the source task delivered "
                + received
                + " change records on slot "
                + slot()
                + ", more than the "
                + changes
                + " changes the load made: it emitted some twice");
      }
      return new Timing(
          (end - start) / 1e9, (started - start) / 1e9, (firstRecord - start) / 1e9, cpu / 1e9);
    } finally {
      task.close();
    }
  }

  private String stalled(long received, long changes) {
    return "the source task delivered "
        + received
        + " of "
        + changes
        + " change records on slot "
        + slot()
        + ", then nothing for "
        + STALL_LIMIT.toSeconds()
        + " s; see the server log or rerun with a smaller -n";
  }

  private static long processCpuNanos() {
    return ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
  }

  private String slot() {
    return taskProps.getOrDefault(PostgresSourceConfig.SLOT_NAME, "?");
  }
}
