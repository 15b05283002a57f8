package io.ductstream.source.pg.jdbc;

import java.time.Duration;

/**
 * When to try a failing step again: after a backoff that doubles from {@code initial} up to {@code
 * max}, for as long as the failures in a row have lasted less than {@code window}. The clock and
 * the pause are injected, so the rules are tested without waiting. Not thread-safe: one loop owns
 * one policy. The replication reader's reconnects and the wait for a slot held by another
 * connection both go through it (the S3 sink's {@code Retrier} has the same shape).
 */
public final class RetryPolicy {
  /** Reads a monotonic time in nanoseconds ({@code System::nanoTime}). */
  @FunctionalInterface
  public interface Clock {
    long nanoTime();
  }

  /** Waits between attempts; may end the wait early by throwing (a stopped task). */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final Duration initial;
  private final Duration max;
  private final Duration window;
  private final Clock clock;
  private final Pause pause;
  private long failingSince;
  private int failures;

  public RetryPolicy(Duration initial, Duration max, Duration window, Clock clock, Pause pause) {
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff " + initial + " up to " + max + " is not valid");
    }
    this.initial = initial;
    this.max = max;
    this.window = window;
    this.clock = clock;
    this.pause = pause;
  }

  /** A policy on the system clock that sleeps between attempts. */
  public static RetryPolicy sleeping(Duration initial, Duration max, Duration window) {
    return new RetryPolicy(initial, max, window, System::nanoTime, d -> Thread.sleep(d.toMillis()));
  }

  /**
   * A step failed: the wait before the next attempt, or null when the failures in a row have lasted
   * longer than the window and the caller should give up.
   */
  public Duration failed() {
    long now = clock.nanoTime();
    if (failures == 0) {
      failingSince = now;
    }
    failures++;
    if (now - failingSince > window.toNanos()) {
      return null;
    }
    return backoff(failures);
  }

  /** Waits {@code wait} (from {@link #failed()}). */
  public void pause(Duration wait) throws InterruptedException {
    pause.pause(wait);
  }

  /** A step succeeded: the next failure starts a new window and the backoff starts over. */
  public void succeeded() {
    failures = 0;
  }

  /** The failures in a row so far. */
  public int failures() {
    return failures;
  }

  /** The wait after failure number {@code failure} (1-based) of a row. */
  Duration backoff(int failure) {
    Duration wait = initial;
    for (int i = 1; i < failure && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
