package io.ductstream.sink.s3.buffer;

import io.ductstream.sink.s3.layout.RowShape;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A task's encoder thread: it writes records into their objects' batch writers while the task
 * thread goes on polling and decoding the next ones (encoding Parquet is about a third of the
 * sink's work, and Connect runs a task on one thread). Records are handed over in batches of
 * {@value #BATCH_RECORDS}, in the order the task wrote them; one thread keeps each object's rows in
 * that order. Each record goes with its {@link RowShape}, which makes its row on the encoder thread
 * (laying out a flat row is work moved off the task thread).
 *
 * <p>Memory is bounded by records, not by objects: at most one batch being filled plus {@value
 * #MAX_QUEUED_BATCHES} queued or running, whatever the number of partitions and open objects. The
 * task thread waits when the encoder is that far behind.
 *
 * <p>All methods but the encoding itself run on the task thread.
 */
public final class Encoder implements AutoCloseable {
  static final int BATCH_RECORDS = 256;
  static final int MAX_QUEUED_BATCHES = 2;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ExecutorService executor;
  private final Semaphore queued = new Semaphore(MAX_QUEUED_BATCHES);
  private Batch filling = new Batch();
  private Future<?> lastJob;
  // set by the encoder thread when a batch stopped half-way (an Error, a bug): the rest of that
  // batch was not written, so no object may be finished from then on
  private volatile Throwable fatal;

  public Encoder() {
    executor =
        Executors.newSingleThreadExecutor(
            job -> {
              Thread thread = new Thread(job, "ductstream-s3-encoder-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Queues {@code record}'s row, of {@code shape}, for {@code target}; may hand over a full batch.
   */
  void add(OpenObject target, RowShape shape, SinkRecord record) throws IOException {
    filling.add(target, shape, record);
    if (filling.size == BATCH_RECORDS) {
      handOff();
    }
  }

  /**
   * Hands the records added so far to the encoder thread without waiting for them (the task calls
   * it at the end of each {@code put}, so the encoder works while Connect polls).
   */
  public void handOff() throws IOException {
    checkNotBroken();
    if (filling.size == 0) {
      return;
    }
    Batch batch = filling;
    filling = new Batch();
    try {
      queued.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the encoder thread");
    }
    try {
      lastJob =
          executor.submit(
              () -> {
                try {
                  batch.encode();
                } catch (Throwable t) {
                  fatal = t;
                  throw t;
                } finally {
                  queued.release();
                }
              });
    } catch (RejectedExecutionException e) {
      queued.release();
      throw new IOException("the encoder thread is stopped", e);
    }
  }

  /**
   * Hands over what is left and waits until every record added so far is encoded. Failures of
   * single records stay with their objects ({@link OpenObject#checkEncoded()}).
   */
  void drain() throws IOException {
    handOff();
    Future<?> job = lastJob;
    if (job == null) {
      return;
    }
    try {
      job.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the encoder thread");
    } catch (ExecutionException e) {
      // reported below: fatal is set before the job ends
    }
    checkNotBroken();
  }

  private void checkNotBroken() throws IOException {
    Throwable failed = fatal;
    if (failed != null) {
      throw new IOException("the encoder thread failed: " + failed, failed);
    }
  }

  /** Stops the thread; objects still open must have been finished or discarded. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }

  /** Records on their way to the encoder thread, with their objects and row shapes. */
  private static final class Batch {
    private final OpenObject[] targets = new OpenObject[BATCH_RECORDS];
    private final RowShape[] shapes = new RowShape[BATCH_RECORDS];
    private final SinkRecord[] records = new SinkRecord[BATCH_RECORDS];
    private int size;

    void add(OpenObject target, RowShape shape, SinkRecord record) {
      targets[size] = target;
      shapes[size] = shape;
      records[size] = record;
      size++;
    }

    /** On the encoder thread. */
    void encode() {
      OpenObject previous = null;
      for (int i = 0; i < size; i++) {
        OpenObject target = targets[i];
        if (previous != null && previous != target) {
          previous.publishProgress();
        }
        target.encode(shapes[i], records[i]);
        previous = target;
      }
      if (previous != null) {
        previous.publishProgress();
      }
    }
  }
}
