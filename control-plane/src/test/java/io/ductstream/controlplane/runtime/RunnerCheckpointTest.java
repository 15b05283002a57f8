package io.ductstream.controlplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.controlplane.flow.Checkpoint;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerCheckpointTest {
  private static final Map<String, Object> PARTITION = Map.of("database", "app", "slot", "s1");

  @Test
  void aStoredPositionComesBackWithLongsAsConnectGivesThem() {
    RunnerCheckpoint position =
        new RunnerCheckpoint(
            PARTITION,
            Map.of("lsn", 0x16B3748L, "tx_event", 3),
            42,
            Map.of("lake", Map.of("topic.a", 50L)));
    Checkpoint row = position.toCheckpoint("f1");

    assertThat(row.lsn()).isEqualTo("0/16B3748");
    RunnerCheckpoint read = RunnerCheckpoint.read(row).orElseThrow();
    assertThat(read.hasPosition()).isTrue();
    assertThat(read.sequence()).isEqualTo(42);
    assertThat(read.offset()).containsEntry("tx_event", 3L).containsEntry("lsn", 0x16B3748L);
    assertThat(read.watermarks()).containsEntry("lake", Map.of("topic.a", 50L));
    assertThat(read.reader().offset(Map.of("database", "app", "slot", "s1")))
        .containsEntry("lsn", 0x16B3748L);
    assertThat(read.reader().offset(Map.of("database", "app", "slot", "other"))).isNull();
  }

  @Test
  void aReservationHoldsOnlyTheSequence() {
    Checkpoint row = RunnerCheckpoint.reservation("f1", "0/0", 7);

    RunnerCheckpoint read = RunnerCheckpoint.read(row).orElseThrow();
    assertThat(read.hasPosition()).isFalse();
    assertThat(read.sequence()).isEqualTo(7);
  }

  @Test
  void rowsOfOtherWritersAreNotTheRunners() {
    Checkpoint put = new Checkpoint("f1", "0/10", Map.of(), Instant.now());
    Checkpoint connect =
        new Checkpoint("f1", "0/10", Map.of("runner", "connect", "offset", "{}"), Instant.now());

    assertThat(RunnerCheckpoint.read(put)).isEmpty();
    assertThat(RunnerCheckpoint.read(connect)).isEmpty();
  }

  @Test
  void aMovedCheckpointCountsItsTransactionAsDelivered() {
    assertThat(RunnerCheckpoint.movedTo("0/10").offset(PARTITION)).isEqualTo(Map.of("lsn", 16L));
  }

  @Test
  void freshSequencesOfLaterStartsAreBeyondAnyEarlierRun() {
    long earlier = RunnerCheckpoint.freshSequence(1_800_000_000_000L);
    long later = RunnerCheckpoint.freshSequence(1_800_000_000_001L);
    assertThat(later - earlier).isEqualTo(1L << 20);
    assertThat(RunnerCheckpoint.freshSequence(8_700_000_000_000L)).isPositive(); // year 2245
  }
}
