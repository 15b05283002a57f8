package io.ductstream.sink.s3.upload;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long one call of the task into the sink ({@code put}, {@code flush}, {@code preCommit}) may
 * last while S3 requests keep failing ({@code s3.retry.max.total.ms}): a retry that would end past
 * it is not made, so the call returns well before the consumer's {@code max.poll.interval.ms} and
 * the task keeps its partitions instead of writing on as a zombie beside their new owner.
 */
public final class RetryBudget {
  private static final long NOT_RUNNING = Long.MIN_VALUE;

  private final long totalNanos;
  private final LongSupplier nanoClock;

  /** When the running call began; read by the task thread's requests only, so not volatile. */
  private long startedNanos = NOT_RUNNING;

  public RetryBudget(Duration total, LongSupplier nanoClock) {
    this.totalNanos = total.toNanos();
    this.nanoClock = nanoClock;
  }

  /** No bound: retries stop only at {@code s3.retries} (tools that run outside a task). */
  public static RetryBudget unbounded() {
    return new RetryBudget(Duration.ofNanos(Long.MAX_VALUE), System::nanoTime);
  }

  /** A task call begins. */
  public void start() {
    startedNanos = nanoClock.getAsLong();
  }

  /** The task call ended. */
  public void stop() {
    startedNanos = NOT_RUNNING;
  }

  public Duration total() {
    return Duration.ofNanos(totalNanos);
  }

  /** Time spent in the running call; zero outside one. */
  public Duration spent() {
    return startedNanos == NOT_RUNNING
        ? Duration.ZERO
        : Duration.ofNanos(nanoClock.getAsLong() - startedNanos);
  }

  /** True when waiting {@code wait} before one more attempt still ends within the budget. */
  boolean allows(Duration wait) {
    if (startedNanos == NOT_RUNNING || totalNanos == Long.MAX_VALUE) {
      return true;
    }
    return nanoClock.getAsLong() - startedNanos + wait.toNanos() <= totalNanos;
  }
}
