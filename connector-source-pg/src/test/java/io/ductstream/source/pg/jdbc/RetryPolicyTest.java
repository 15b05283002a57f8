package io.ductstream.source.pg.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private long now;
  private final List<Duration> paused = new ArrayList<>();

  private RetryPolicy policy(Duration initial, Duration max, Duration window) {
    return new RetryPolicy(
        initial,
        max,
        window,
        () -> now,
        wait -> {
          paused.add(wait);
          now += wait.toNanos();
        });
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void backoffDoublesUpToItsMaximumThenStays() throws Exception {
    RetryPolicy policy = policy(s(1), s(30), Duration.ofHours(1));
    for (int i = 0; i < 7; i++) {
      policy.pause(policy.failed());
    }
    assertThat(paused).containsExactly(s(1), s(2), s(4), s(8), s(16), s(30), s(30));
    assertThat(policy.failures()).isEqualTo(7);
  }

  @Test
  void givesUpOnceTheFailuresInARowOutlastTheWindow() throws Exception {
    RetryPolicy policy = policy(s(1), s(30), s(10));
    Duration wait;
    int attempts = 0;
    while ((wait = policy.failed()) != null) {
      policy.pause(wait);
      attempts++;
    }
    // failures at 0, 1, 3, 7 s are within 10 s; the one at 15 s is not
    assertThat(paused).containsExactly(s(1), s(2), s(4), s(8));
    assertThat(attempts).isEqualTo(4);
    assertThat(now).isEqualTo(s(15).toNanos());
  }

  @Test
  void aSuccessStartsANewWindowAndTheBackoffOver() throws Exception {
    RetryPolicy policy = policy(s(1), s(30), s(5));
    policy.pause(policy.failed());
    policy.pause(policy.failed());
    policy.pause(policy.failed()); // 7 s into this row of failures
    policy.succeeded();
    now += s(100).toNanos();
    assertThat(policy.failed()).as("a new row: within its window again").isEqualTo(s(1));
    assertThat(policy.failures()).isEqualTo(1);
  }

  @Test
  void aFixedPauseIsABackoffWhoseMaximumIsItsStart() throws Exception {
    RetryPolicy policy = policy(Duration.ofMillis(500), Duration.ofMillis(500), s(1));
    Duration wait;
    while ((wait = policy.failed()) != null) {
      policy.pause(wait);
    }
    assertThat(paused).hasSize(3).containsOnly(Duration.ofMillis(500));
  }
}
