package io.ductstream.controlplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunProgressTest {

  @Test
  void snapshotPercentIsCappedWhileReadingAndFullOnceStreaming() {
    assertThat(new RunProgress(true, 50, 0, 0, 50, 200).snapshotPercent()).isEqualTo(25);
    assertThat(new RunProgress(true, 250, 0, 0, 250, 200).snapshotPercent()).isEqualTo(99);
    assertThat(new RunProgress(false, 250, 0, 0, 250, 200).snapshotPercent()).isEqualTo(100);
    assertThat(new RunProgress(true, 10, 0, 0, 10, 0).snapshotPercent()).isEqualTo(-1);
    assertThat(RunProgress.STARTING.snapshotPercent()).isEqualTo(-1);
  }
}
