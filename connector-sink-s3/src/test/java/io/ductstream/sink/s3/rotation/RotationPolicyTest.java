package io.ductstream.sink.s3.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RotationPolicyTest {
  private final RotationPolicy policy = new RotationPolicy(3, 1000, 60_000, 5_000);

  @Test
  void fullObjectByCountOrBytesCutsAfterTheRecord() throws Exception {
    assertThat(policy.cutAfter(2, limit -> 999 >= limit)).isFalse();
    assertThat(policy.cutAfter(3, limit -> 10 >= limit)).isTrue();
    assertThat(policy.cutAfter(1, limit -> 1000 >= limit)).isTrue();
  }

  @Test
  void theSizeIsNotAskedWhenTheCountDecides() throws Exception {
    assertThat(
            policy.cutAfter(
                3,
                limit -> {
                  throw new AssertionError("size asked although the count decides");
                }))
        .isTrue();
  }

  @Test
  void recordTimeAnIntervalAfterTheSegmentStartCutsBeforeTheRecord() {
    assertThat(policy.cutBefore(1_000, 60_999)).isFalse();
    assertThat(policy.cutBefore(1_000, 61_000)).isTrue();
    assertThat(policy.usesRecordTime()).isTrue();
  }

  @Test
  void wallClockAgeCutsOnSchedule() {
    assertThat(policy.cutOnSchedule(10_000, 14_999)).isFalse();
    assertThat(policy.cutOnSchedule(10_000, 15_000)).isTrue();
  }

  @Test
  void minusOneTurnsTimeRulesOff() {
    RotationPolicy off = new RotationPolicy(3, 1000, -1, -1);
    assertThat(off.cutBefore(0, Long.MAX_VALUE)).isFalse();
    assertThat(off.cutOnSchedule(0, Long.MAX_VALUE)).isFalse();
    assertThat(off.usesRecordTime()).isFalse();
  }
}
