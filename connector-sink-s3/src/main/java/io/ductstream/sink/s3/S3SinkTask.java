package io.ductstream.sink.s3;

import io.ductstream.metrics.TaskMetrics;
import io.ductstream.sink.s3.buffer.Encoder;
import io.ductstream.sink.s3.buffer.SpillDirectory;
import io.ductstream.sink.s3.config.S3SinkConfig;
import io.ductstream.sink.s3.index.SegmentIndex;
import io.ductstream.sink.s3.layout.RowLayout;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.partition.Partitioner;
import io.ductstream.sink.s3.rotation.RotationPolicy;
import io.ductstream.sink.s3.schema.SchemaVersions;
import io.ductstream.sink.s3.upload.MeteredObjectStore;
import io.ductstream.sink.s3.upload.ObjectStore;
import io.ductstream.sink.s3.upload.RetryBudget;
import io.ductstream.sink.s3.upload.S3ObjectStore;
import io.ductstream.sink.s3.writer.ObjectFactory;
import io.ductstream.sink.s3.writer.TopicPartitionWriter;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of {@link S3SinkConnector}: one {@link TopicPartitionWriter} per assigned topic
 * partition; {@link #preCommit} hands Connect only offsets whose records are in uploaded objects.
 */
public class S3SinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(S3SinkTask.class);

  private final BiFunction<S3SinkConfig, RetryBudget, ObjectStore> stores;
  private final LongSupplier wallClockMs;
  private final Map<TopicPartition, TopicPartitionWriter> writers = new HashMap<>();

  /** Partitions another task took over while this one still had them: skipped until reopened. */
  private final Set<TopicPartition> fenced = new HashSet<>();

  private ObjectStore store;
  private Encoder encoder;
  private SpillDirectory spill;
  private TopicPartitionWriter.Context context;
  private RetryBudget budget;
  private SegmentIndex index;
  private long pruneIntervalMs;

  /** Per partition, the offset handed to Connect at the last commit and when it was last pruned. */
  private final Map<TopicPartition, long[]> handedOver = new HashMap<>();

  public S3SinkTask() {
    this(S3ObjectStore::of, System::currentTimeMillis);
  }

  /** For tests: a task on another object store, or with a wall clock the test moves. */
  S3SinkTask(BiFunction<S3SinkConfig, RetryBudget, ObjectStore> stores, LongSupplier wallClockMs) {
    this.stores = stores;
    this.wallClockMs = wallClockMs;
  }

  @Override
  public String version() {
    return new S3SinkConnector().version();
  }

  @Override
  public void start(Map<String, String> props) {
    S3SinkConfig config = new S3SinkConfig(props);
    budget = new RetryBudget(config.retryMaxTotal(), System::nanoTime);
    store = new MeteredObjectStore(stores.apply(config, budget), TaskMetrics.of(super.context));
    spill = SpillDirectory.claim(config.bufferDir(), props.get("name"));
    ObjectNamer namer = new ObjectNamer(config.objectPrefix());
    encoder = new Encoder();
    index = new SegmentIndex(store, namer, props.get("name"));
    pruneIntervalMs = config.indexPruneIntervalMs();
    context =
        new TopicPartitionWriter.Context(
            store,
            namer,
            new ObjectFactory(
                namer,
                config.format(),
                config.writerOptions(),
                config.bufferMemoryBytes(),
                spill.path(),
                encoder),
            new SchemaVersions(),
            index,
            Partitioner.of(config),
            RotationPolicy.of(config),
            RowLayout.of(config),
            config.maxOpenObjects(),
            wallClockMs,
            // a previous owner's call ends within its retry budget and one more request attempt
            config.retryMaxTotal().plus(config.requestTimeout().multipliedBy(2)).toMillis());
    log.info(
        "S3 sink task writing {} objects to s3://{}/{}",
        config.format(),
        config.bucket(),
        config.objectPrefix());
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      fenced.remove(tp);
      writers.computeIfAbsent(tp, this::newWriter).takeLease();
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    budget.start();
    try {
      TopicPartition tp = null;
      for (SinkRecord record : records) {
        // consecutive records mostly share a partition: one TopicPartition for the run of them
        if (tp == null
            || !tp.topic().equals(record.topic())
            || tp.partition() != record.kafkaPartition()) {
          tp = new TopicPartition(record.topic(), record.kafkaPartition());
        }
        if (fenced.contains(tp)) {
          continue; // its new owner writes it from the offset last committed
        }
        TopicPartitionWriter writer = writers.computeIfAbsent(tp, this::newWriter);
        try {
          writer.write(record);
        } catch (RetriableException e) {
          throw rewound(tp, writer, record.kafkaOffset(), e);
        } catch (TopicPartitionWriter.Fenced e) {
          fence(tp, e);
        }
      }
      handOff();
      each(TopicPartitionWriter::rotateIfDue);
    } finally {
      budget.stop();
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    budget.start();
    try {
      each(TopicPartitionWriter::rotateIfDue);
    } finally {
      budget.stop();
    }
    Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
    writers.forEach(
        (tp, writer) -> {
          long offset = writer.committableOffset();
          if (offset >= 0) {
            committable.put(tp, new OffsetAndMetadata(offset));
            pruneIndex(tp, offset);
          }
        });
    return committable;
  }

  /**
   * Deletes the index entries of {@code tp}'s segments that ended before the offset handed over at
   * the commit before this one (Connect commits asynchronously: by now that commit had its interval
   * to complete), at most once per {@code index.prune.interval.ms}. A failure is only logged: the
   * entries are pruned later, or when the partition is next assigned.
   */
  private void pruneIndex(TopicPartition tp, long offset) {
    if (pruneIntervalMs <= 0) {
      return;
    }
    long now = wallClockMs.getAsLong();
    long[] state = handedOver.computeIfAbsent(tp, k -> new long[] {-1, now});
    long committedBefore = state[0];
    state[0] = offset;
    if (committedBefore < 0 || now - state[1] < pruneIntervalMs) {
      return;
    }
    state[1] = now;
    budget.start();
    try {
      index.prune(tp.topic(), tp.partition(), committedBefore);
    } catch (RuntimeException e) {
      log.warn(
          "{}: could not prune the segment index ({}); its entries are pruned later",
          tp,
          e.getMessage());
    } finally {
      budget.stop();
    }
  }

  /**
   * Uploads every open segment now (Connect's contract for flush: everything put so far is made
   * durable). A Connect worker never calls it, since {@link #preCommit} is overridden; a runtime
   * that must end a bounded run with nothing buffered does (ductstream-worker's flow runner).
   */
  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    budget.start();
    try {
      handOff();
      each(TopicPartitionWriter::finishOpenSegment);
    } finally {
      budget.stop();
    }
  }

  private void handOff() {
    // the encoder thread works on what is left while Connect polls the next records
    try {
      encoder.handOff();
    } catch (IOException e) {
      throw new ConnectException("could not hand records to the encoder thread: " + e, e);
    }
  }

  /** Runs {@code step} on every writer; a writer whose S3 retries ran out of time is rewound. */
  private void each(Consumer<TopicPartitionWriter> step) {
    Map<TopicPartition, TopicPartitionWriter.Fenced> lost = new HashMap<>();
    for (Map.Entry<TopicPartition, TopicPartitionWriter> entry : writers.entrySet()) {
      try {
        step.accept(entry.getValue());
      } catch (RetriableException e) {
        throw rewound(entry.getKey(), entry.getValue(), -1, e);
      } catch (TopicPartitionWriter.Fenced e) {
        lost.put(entry.getKey(), e); // fenced after the loop: it removes the writer
      }
    }
    lost.forEach(this::fence);
  }

  /**
   * Stops writing a partition another task holds now: its buffers are dropped and it is left out of
   * every later commit (so Connect commits nothing of it from here), until it is opened again.
   */
  private void fence(TopicPartition tp, TopicPartitionWriter.Fenced e) {
    log.warn("{}", e.getMessage());
    TopicPartitionWriter writer = writers.remove(tp);
    if (writer != null) {
      writer.discard();
    }
    handedOver.remove(tp);
    fenced.add(tp);
  }

  /**
   * The error that ends a call whose S3 retries ran out of {@code s3.retry.max.total.ms} (or that
   * met another writer's segments): the partition's open objects are dropped and Connect is asked
   * to deliver its records again from the start of that segment, the offset preCommit reports.
   */
  private RetriableException rewound(
      TopicPartition tp, TopicPartitionWriter writer, long failedOffset, RetriableException e) {
    long from = writer.rewind(failedOffset);
    if (from >= 0) {
      super.context.offset(tp, from);
    }
    return new RetriableException(
        tp
            + ": "
            + e.getMessage()
            + "; the partition's open objects are dropped and its records are read again"
            + (from >= 0 ? " from offset " + from : ""),
        e);
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      fenced.remove(tp);
      handedOver.remove(tp);
      TopicPartitionWriter writer = writers.remove(tp);
      if (writer != null) {
        writer.discard();
      }
    }
  }

  @Override
  public void stop() {
    writers.values().forEach(TopicPartitionWriter::discard);
    writers.clear();
    if (encoder != null) {
      encoder.close();
      encoder = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
    if (spill != null) {
      spill.close();
      spill = null;
    }
  }

  private TopicPartitionWriter newWriter(TopicPartition tp) {
    return new TopicPartitionWriter(tp, context);
  }
}
