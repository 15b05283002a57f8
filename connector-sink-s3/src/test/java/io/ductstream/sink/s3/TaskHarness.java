package io.ductstream.sink.s3;

import io.ductstream.sink.s3.upload.S3ObjectStore;
import io.ductstream.testkit.S3Server;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Drives one {@link S3SinkTask} in-process the way a Connect worker does (open, put, preCommit,
 * close), against the test kit's S3 server, with a wall clock the test moves.
 */
final class TaskHarness implements AutoCloseable {
  final S3SinkTask task;
  final AtomicLong clock = new AtomicLong(1_000_000);

  /** The offsets the task asked Connect to seek to (SinkTaskContext.offset). */
  final Map<TopicPartition, Long> rewinds = new HashMap<>();

  TaskHarness(Map<String, String> props, TopicPartition... partitions) {
    task = new S3SinkTask(S3ObjectStore::of, clock::get);
    task.initialize(new Context(props, Set.of(partitions), rewinds));
    task.start(props);
    task.open(List.of(partitions));
  }

  /** Sink properties for the test kit's S3 server. */
  static Map<String, String> props(String bucket, String prefix) {
    Map<String, String> props = new HashMap<>();
    props.put("s3.bucket", bucket);
    props.put("s3.prefix", prefix);
    props.put("s3.endpoint", S3Server.shared().endpoint().toString());
    props.put("s3.path.style", "true");
    props.put("s3.region", S3Server.REGION);
    props.put("s3.access.key.id", S3Server.ACCESS_KEY);
    props.put("s3.secret.access.key", S3Server.SECRET_KEY);
    props.put("s3.retry.backoff.ms", "50");
    props.put("s3.retry.backoff.max.ms", "200");
    props.put("s3.request.timeout.ms", "2000");
    props.put("rotate.schedule.interval.ms", "60000");
    // these tests compare the change records as they were sent; PostgresToS3IT covers layout=flat
    props.put("layout", "envelope");
    return props;
  }

  void put(List<SinkRecord> records) {
    task.put(records);
  }

  /** The offsets the task would let Connect commit now. */
  Map<TopicPartition, Long> preCommit() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    task.preCommit(Map.of()).forEach((tp, o) -> offsets.put(tp, o.offset()));
    return offsets;
  }

  /** Moves the wall clock past rotate.schedule.interval.ms and lets the task notice. */
  void passScheduleInterval() {
    clock.addAndGet(60_000);
    task.put(List.of());
  }

  /** A crash: the task object is dropped without close() or any further commit. */
  void crash() {
    // stop() only frees buffers and the client; nothing is flushed or committed
    task.stop();
  }

  @Override
  public void close() {
    task.stop();
  }

  private record Context(
      Map<String, String> configs,
      Set<TopicPartition> assignment,
      Map<TopicPartition, Long> rewinds)
      implements SinkTaskContext {
    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
      rewinds.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
      rewinds.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {}

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
