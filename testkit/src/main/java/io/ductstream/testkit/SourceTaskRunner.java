package io.ductstream.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Drives a source task in the caller's own thread the way a Connect worker does, without Kafka:
 * initialize it with a {@link StandaloneSourceTaskContext}, start it on the context's config, poll,
 * and acknowledge every record polled with {@code commitRecord} (as the worker does once the
 * producer has it). The offset of the last record acknowledged is what Connect would commit next.
 */
public final class SourceTaskRunner implements AutoCloseable {
  private final SourceTask task;
  private final Map<String, String> configs;
  private Map<String, ?> lastOffset;

  /** Initializes {@code task} with {@code context}; {@link #start()} starts it. */
  public SourceTaskRunner(SourceTask task, StandaloneSourceTaskContext context) {
    this.task = task;
    this.configs = context.configs();
    task.initialize(context);
  }

  /** Starts the task on the context's config. */
  public void start() {
    task.start(configs);
  }

  /** Tells the task the runtime stored the offsets of what was acknowledged, as Connect does. */
  public void commit() throws InterruptedException {
    task.commit();
  }

  /** Polls once, acknowledging what came; null when nothing came. */
  public List<SourceRecord> pollOnce() throws InterruptedException {
    List<SourceRecord> batch = task.poll();
    if (batch != null) {
      for (SourceRecord record : batch) {
        acknowledge(record);
      }
    }
    return batch;
  }

  /** Polls until {@code count} records came, acknowledging each, or fails at the deadline. */
  public List<SourceRecord> poll(int count, Duration timeout) throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < count && System.nanoTime() < deadline) {
      addPolled(out);
    }
    if (out.size() < count) {
      throw new AssertionError(
          "expected " + count + " records in " + timeout + ", got " + out.size());
    }
    return out;
  }

  /** Polls until {@code done} holds for everything polled so far, or fails at the deadline. */
  public List<SourceRecord> pollUntil(Predicate<List<SourceRecord>> done, Duration timeout)
      throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(out)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "condition not met in " + timeout + " after " + out.size() + " records");
      }
      addPolled(out);
    }
    return out;
  }

  /** Polls until no record came for {@code quiet}, acknowledging each; for "nothing else came". */
  public List<SourceRecord> pollUntilQuiet(Duration quiet) throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    long quietUntil = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < quietUntil) {
      if (addPolled(out)) {
        quietUntil = System.nanoTime() + quiet.toNanos();
      }
    }
    return out;
  }

  /**
   * The offset Connect would commit now: that of the last record polled, since every record polled
   * is acknowledged; null before the first.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> committedOffset() {
    return lastOffset == null ? null : Map.copyOf((Map<String, Object>) lastOffset);
  }

  /** Stops the task. */
  @Override
  public void close() {
    task.stop();
  }

  /** Polls once into {@code out}, acknowledging each record; true when any came. */
  private boolean addPolled(List<SourceRecord> out) throws InterruptedException {
    List<SourceRecord> batch = pollOnce();
    if (batch == null || batch.isEmpty()) {
      return false;
    }
    out.addAll(batch);
    return true;
  }

  private void acknowledge(SourceRecord record) throws InterruptedException {
    task.commitRecord(record, null);
    lastOffset = record.sourceOffset();
  }
}
