package io.ductstream.source.pg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs the connector and its task in the test's own thread, without a Connect worker, so records
 * can be compared value by value as the task produced them. Every record polled is acknowledged, as
 * the runtime would once it is durable.
 */
final class TaskHarness implements AutoCloseable {
  private final PostgresSourceTask task = new PostgresSourceTask();

  TaskHarness(Map<String, String> props) {
    PostgresSourceConnector connector = new PostgresSourceConnector();
    connector.start(props);
    Map<String, String> taskProps = connector.taskConfigs(1).get(0);
    task.initialize(new NoOffsetsContext(taskProps));
    task.start(taskProps);
  }

  /** Polls until {@code count} records came, acknowledging each. */
  List<SourceRecord> poll(int count, Duration timeout) throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < count && System.nanoTime() < deadline) {
      List<SourceRecord> batch = task.poll();
      if (batch != null) {
        for (SourceRecord record : batch) {
          task.commitRecord(record, null);
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
  }

  private record NoOffsetsContext(Map<String, String> configs) implements SourceTaskContext {
    @Override
    public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
      return null;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
      return new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
          return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(
            Collection<Map<String, T>> partitions) {
          return Map.of();
        }
      };
    }
  }
}
