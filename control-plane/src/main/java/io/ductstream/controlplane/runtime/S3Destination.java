package io.ductstream.controlplane.runtime;

import io.ductstream.sink.s3.S3SinkConnector;
import io.ductstream.sink.s3.S3SinkTask;
import io.ductstream.sink.s3.config.S3SinkConfig;
import io.ductstream.sink.s3.index.SegmentIndex;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.upload.S3ObjectStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 destination: the S3 sink connector's task, driven as a Connect worker drives it ({@code
 * open}, {@code put}, {@code preCommit}, {@code flush}, {@code stop}). Records reach it as structs,
 * without a Kafka topic between: the sink's file writers are the wire format's batch face. Each
 * record's Kafka offset is its sequence number in the flow, which the runner stores with the
 * checkpoint, so a replay after a crash gives every record the offset it had and the sink rewrites
 * the same objects.
 */
final class S3Destination implements Destination {
  private static final Logger log = LoggerFactory.getLogger(S3Destination.class);

  private final String name;
  private final S3SinkTask task = new S3SinkTask();
  private final Set<TopicPartition> assigned = new LinkedHashSet<>();
  private final Map<TopicPartition, Long> firstPut = new HashMap<>();
  private final Map<TopicPartition, Long> lastPut = new HashMap<>();
  private final String destinationName;
  private final Map<String, Long> committed;
  private final long otherwise;
  private final PluginMetrics metrics;
  private final S3SinkConfig sinkConfig;
  private final long pruneIntervalMs;
  private long lastPruneMs = System.currentTimeMillis();

  /** The position of the last stored checkpoint: at first the one this run started from. */
  private long storedSequence;

  private Map<String, Long> storedWatermarks;

  /**
   * @param committed the stored watermark of each topic (see the class comment)
   * @param otherwise the watermark of topics not in {@code committed}: the checkpoint's sequence
   * @param metrics the sink task's plugin metrics, or null for none
   */
  S3Destination(
      String destinationName,
      Map<String, String> connectorConfig,
      Map<String, Long> committed,
      long otherwise,
      PluginMetrics metrics) {
    this.destinationName = destinationName;
    this.name = "s3 destination \"" + destinationName + "\"";
    this.committed = Map.copyOf(committed);
    this.otherwise = otherwise;
    this.storedWatermarks = this.committed;
    this.storedSequence = otherwise;
    this.metrics = metrics;
    S3SinkConnector connector = new S3SinkConnector();
    connector.initialize(new NoConnectorContext());
    Connectors.validate(connector, connectorConfig, name);
    connector.start(connectorConfig);
    Map<String, String> taskConfig;
    try {
      taskConfig = connector.taskConfigs(1).get(0);
    } finally {
      connector.stop();
    }
    this.sinkConfig = new S3SinkConfig(taskConfig);
    this.pruneIntervalMs = sinkConfig.indexPruneIntervalMs();
    discardUncommitted();
    // The task must not prune at its preCommit: the runner calls it more often than it stores a
    // checkpoint, and a checkpoint may lag what S3 holds; the runner prunes after storing one.
    Map<String, String> runnerTaskConfig = new HashMap<>(taskConfig);
    runnerTaskConfig.put(S3SinkConfig.INDEX_PRUNE_INTERVAL_MS, "0");
    task.initialize(new Context(runnerTaskConfig));
    task.start(runnerTaskConfig);
  }

  /**
   * After the runner stored a checkpoint: the index entries of segments that end before what it
   * covers of each topic (its watermark, else the checkpoint's sequence) are no longer needed by a
   * replay, and are deleted at most once per {@code index.prune.interval.ms} and at close.
   */
  void checkpointStored(long sequence, Map<String, Long> watermarks) {
    storedSequence = sequence;
    storedWatermarks = Map.copyOf(watermarks);
    long now = System.currentTimeMillis();
    if (pruneIntervalMs > 0 && now - lastPruneMs >= pruneIntervalMs) {
      lastPruneMs = now;
      pruneIndex();
    }
  }

  private void pruneIndex() {
    if (pruneIntervalMs <= 0) {
      return;
    }
    try (S3ObjectStore store = S3ObjectStore.of(sinkConfig)) {
      // every topic under the prefix: also those this run wrote nothing to (runs killed before
      // they could prune leave entries behind)
      new SegmentIndex(store, new ObjectNamer(sinkConfig.objectPrefix()))
          .pruneCommitted(storedWatermarks, storedSequence);
    } catch (RuntimeException e) {
      log.warn(
          "{}: could not prune the segment index ({}); it is pruned at a later checkpoint",
          name,
          e.getMessage());
    }
  }

  String destinationName() {
    return destinationName;
  }

  private void discardUncommitted() {
    try (S3ObjectStore store = S3ObjectStore.of(sinkConfig)) {
      new SegmentIndex(store, new ObjectNamer(sinkConfig.objectPrefix()))
          .discardUncommitted(committed, otherwise);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(List<SourceRecord> records, long firstSequence) {
    List<SinkRecord> sinkRecords = new ArrayList<>(records.size());
    List<TopicPartition> opened = null;
    long sequence = firstSequence;
    // consecutive records mostly share a topic: its partition and watermark are looked up once
    String topic = null;
    TopicPartition tp = null;
    long watermark = 0;
    long last = -1; // the sequence of the last record put to tp in this run of its records
    for (SourceRecord record : records) {
      if (!record.topic().equals(topic)) {
        if (last >= 0) {
          lastPut.put(tp, last);
          last = -1;
        }
        topic = record.topic();
        tp = new TopicPartition(topic, 0);
        watermark = committed.getOrDefault(topic, otherwise);
      }
      if (sequence < watermark) {
        sequence++; // durable here before the crash: replayed for the other destinations only
        continue;
      }
      if (assigned.add(tp)) {
        if (opened == null) {
          opened = new ArrayList<>();
        }
        opened.add(tp);
        firstPut.put(tp, sequence);
      }
      last = sequence;
      sinkRecords.add(
          new SinkRecord(
              topic,
              0,
              record.keySchema(),
              record.key(),
              record.valueSchema(),
              record.value(),
              sequence,
              record.timestamp(),
              record.timestamp() == null
                  ? TimestampType.NO_TIMESTAMP_TYPE
                  : TimestampType.CREATE_TIME,
              record.headers()));
      sequence++;
    }
    if (last >= 0) {
      lastPut.put(tp, last);
    }
    if (opened != null) {
      task.open(opened);
    }
    task.put(sinkRecords);
  }

  @Override
  public long durableBefore(long next) {
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    lastPut.forEach((tp, last) -> current.put(tp, new OffsetAndMetadata(last + 1)));
    Map<TopicPartition, OffsetAndMetadata> committable = task.preCommit(current);
    long durable = next;
    for (Map.Entry<TopicPartition, Long> entry : lastPut.entrySet()) {
      OffsetAndMetadata offset = committable.get(entry.getKey());
      if (offset == null) {
        // nothing known of this partition's uploads: nothing put to it counts as durable
        durable = Math.min(durable, firstPut.get(entry.getKey()));
      } else if (offset.offset() <= entry.getValue()) {
        durable = Math.min(durable, offset.offset()); // its open segment starts there
      }
    }
    return durable;
  }

  /**
   * Per topic, the offset below which everything is durable here, where it is above {@code
   * sequence} (the checkpoint being stored): the watermarks to store with it.
   */
  Map<String, Long> watermarks(long sequence) {
    Map<String, Long> marks = new HashMap<>();
    committed.forEach(
        (topic, mark) -> {
          if (mark > sequence) {
            marks.put(topic, mark);
          }
        });
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    lastPut.forEach((tp, last) -> current.put(tp, new OffsetAndMetadata(last + 1)));
    Map<TopicPartition, OffsetAndMetadata> committable = task.preCommit(current);
    lastPut.forEach(
        (tp, last) -> {
          OffsetAndMetadata offset = committable.get(tp);
          long mark = offset == null ? firstPut.get(tp) : Math.min(offset.offset(), last + 1);
          if (mark > sequence) {
            marks.merge(tp.topic(), mark, Math::max);
          } else {
            marks.remove(tp.topic());
          }
        });
    return marks;
  }

  @Override
  public void flush() {
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    lastPut.forEach((tp, last) -> current.put(tp, new OffsetAndMetadata(last + 1)));
    task.flush(current);
  }

  @Override
  public void close() {
    task.stop();
    pruneIndex();
  }

  private final class Context implements SinkTaskContext {
    private final Map<String, String> configs;

    Context(Map<String, String> configs) {
      this.configs = configs;
    }

    @Override
    public Map<String, String> configs() {
      return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
      // the runner replays from the source's checkpoint; the sink never rewinds it
    }

    @Override
    public void offset(TopicPartition tp, long offset) {}

    @Override
    public void timeout(long timeoutMs) {}

    @Override
    public Set<TopicPartition> assignment() {
      return Set.copyOf(assigned);
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public PluginMetrics pluginMetrics() {
      return metrics;
    }
  }

  /** A connector run only to produce its task's configuration. */
  static final class NoConnectorContext implements ConnectorContext {
    @Override
    public void requestTaskReconfiguration() {}

    @Override
    public void raiseError(Exception e) {}

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
