package io.ductstream.source.pg.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.source.pg.config.SnapshotMode;
import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.slot.SlotState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotDecisionTest {
  private static final SlotState SLOT = new SlotState(true, 100, false);
  private static final SlotState LOST = new SlotState(true, 100, true);
  private static final Map<String, Object> STREAMING = SourceOffsets.offset(500, 3);
  private static final Map<String, Object> MID_SNAPSHOT =
      SourceOffsets.snapshotOffset(400, "public.t@0=~!10");

  private static SnapshotDecision.Action action(
      SnapshotMode mode, Map<String, Object> offset, SlotState slot) {
    return SnapshotDecision.decide(mode, offset, slot).action();
  }

  @Test
  void firstStartSnapshotsUnlessNever() {
    for (SnapshotMode mode :
        new SnapshotMode[] {
          SnapshotMode.INITIAL, SnapshotMode.INITIAL_ONLY, SnapshotMode.WHEN_NEEDED
        }) {
      assertThat(action(mode, null, SlotState.MISSING)).isEqualTo(SnapshotDecision.Action.SNAPSHOT);
      assertThat(action(mode, null, SLOT)).isEqualTo(SnapshotDecision.Action.SNAPSHOT);
    }
    assertThat(action(SnapshotMode.NEVER, null, SLOT)).isEqualTo(SnapshotDecision.Action.STREAM);
  }

  @Test
  void aStreamingOffsetStreamsAndWhenNeededSnapshotsOnlyWhenTheSlotIsGoneOrLost() {
    assertThat(action(SnapshotMode.INITIAL, STREAMING, SLOT))
        .isEqualTo(SnapshotDecision.Action.STREAM);
    assertThat(action(SnapshotMode.WHEN_NEEDED, STREAMING, SLOT))
        .isEqualTo(SnapshotDecision.Action.STREAM);
    assertThat(action(SnapshotMode.WHEN_NEEDED, STREAMING, SlotState.MISSING))
        .isEqualTo(SnapshotDecision.Action.SNAPSHOT);
    SnapshotDecision lost = SnapshotDecision.decide(SnapshotMode.WHEN_NEEDED, STREAMING, LOST);
    assertThat(lost.action()).isEqualTo(SnapshotDecision.Action.SNAPSHOT);
    assertThat(lost.reason()).contains("lost the WAL");
    assertThat(lost.lsn()).isZero();
    assertThat(action(SnapshotMode.INITIAL_ONLY, STREAMING, SLOT))
        .isEqualTo(SnapshotDecision.Action.IDLE);
  }

  @Test
  void anInterruptedSnapshotContinuesFromItsProgress() {
    SnapshotDecision decision = SnapshotDecision.decide(SnapshotMode.INITIAL, MID_SNAPSHOT, SLOT);
    assertThat(decision.action()).isEqualTo(SnapshotDecision.Action.SNAPSHOT);
    assertThat(decision.lsn()).isEqualTo(400);
    assertThat(decision.resume()).isEqualTo(SnapshotProgress.decode("public.t@0=~!10"));

    SnapshotDecision slotGone =
        SnapshotDecision.decide(SnapshotMode.INITIAL, MID_SNAPSHOT, SlotState.MISSING);
    assertThat(slotGone.resume()).isEqualTo(SnapshotProgress.NONE);
    assertThat(slotGone.reason()).contains("starts over");

    assertThat(
            SnapshotDecision.decide(SnapshotMode.INITIAL_ONLY, MID_SNAPSHOT, SlotState.MISSING)
                .resume())
        .as("initial_only needs no slot")
        .isEqualTo(SnapshotProgress.decode("public.t@0=~!10"));
    assertThat(action(SnapshotMode.NEVER, MID_SNAPSHOT, SLOT))
        .isEqualTo(SnapshotDecision.Action.STREAM);
  }
}
