package io.ductstream.source.pg.records;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The hand-over between the replication reader thread and {@code poll()}: batches of records with a
 * limit on their estimated bytes. The reader waits while the queue is full, so memory stays bounded
 * whatever the size of a transaction. A reader failure is handed over too.
 */
public final class ChangeQueue {
  private record Batch(List<SourceRecord> records, long bytes) {}

  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private long bytes;
  private RuntimeException failure;

  public ChangeQueue(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Adds a batch, waiting up to {@code wait} for room. A batch larger than the limit is accepted
   * when the queue is empty.
   *
   * @return false when there was no room in time (the caller retries or stops)
   */
  public boolean offer(List<SourceRecord> records, long batchBytes, Duration wait)
      throws InterruptedException {
    long nanos = wait.toNanos();
    lock.lock();
    try {
      while (bytes > 0 && bytes + batchBytes > maxBytes) {
        if (nanos <= 0) {
          return false;
        }
        nanos = notFull.awaitNanos(nanos);
      }
      batches.addLast(new Batch(records, batchBytes));
      bytes += batchBytes;
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes batches up to about {@code maxRecords} records, waiting up to {@code wait} for the first.
   *
   * @return the records, or an empty list when none came in time
   * @throws RuntimeException the reader's failure, once the records before it are taken
   */
  public List<SourceRecord> poll(int maxRecords, Duration wait) throws InterruptedException {
    lock.lock();
    try {
      long nanos = wait.toNanos();
      while (batches.isEmpty()) {
        if (failure != null) {
          throw failure;
        }
        if (nanos <= 0) {
          return List.of();
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      Batch first = batches.pollFirst();
      bytes -= first.bytes;
      List<SourceRecord> out = first.records;
      if (!batches.isEmpty() && out.size() < maxRecords) {
        out = new ArrayList<>(out);
        while (!batches.isEmpty()
            && out.size() + batches.peekFirst().records.size() <= maxRecords) {
          Batch next = batches.pollFirst();
          bytes -= next.bytes;
          out.addAll(next.records);
        }
      }
      notFull.signalAll();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Hands the reader's failure to the next poll, after the records queued before it. */
  public void fail(RuntimeException cause) {
    lock.lock();
    try {
      failure = cause;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
