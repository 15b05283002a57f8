package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.config.SnapshotMode;
import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.slot.SlotState;
import java.util.Map;

/**
 * What a starting task does, from {@code snapshot.mode}, its committed offset and the slot.
 *
 * @param action stream, snapshot (then stream unless initial_only), or nothing
 * @param resume the progress of an interrupted snapshot to continue (NONE for a new one)
 * @param lsn the offset's position (0 when there is none)
 * @param reason why, for the log
 */
public record SnapshotDecision(
    SnapshotDecision.Action action, SnapshotProgress resume, long lsn, String reason) {

  /** What the task does. */
  public enum Action {
    STREAM,
    SNAPSHOT,
    IDLE
  }

  /** Decides; pure, so every combination is unit-tested. */
  public static SnapshotDecision decide(
      SnapshotMode mode, Map<String, Object> offset, SlotState slot) {
    boolean hasOffset = offset != null && offset.get(SourceOffsets.LSN) instanceof Number;
    long lsn = hasOffset ? ((Number) offset.get(SourceOffsets.LSN)).longValue() : 0;
    Object progress = hasOffset ? offset.get(SourceOffsets.SNAPSHOT) : null;
    if (mode == SnapshotMode.NEVER) {
      return new SnapshotDecision(
          Action.STREAM, SnapshotProgress.NONE, lsn, "snapshot.mode=never: streaming only");
    }
    boolean slotUsable = slot.exists() && !slot.lost();
    if (progress instanceof String encoded) {
      if (mode.streams() && !slotUsable) {
        return new SnapshotDecision(
            Action.SNAPSHOT,
            SnapshotProgress.NONE,
            0,
            "the slot of the interrupted snapshot is gone: the snapshot starts over");
      }
      return new SnapshotDecision(
          Action.SNAPSHOT,
          SnapshotProgress.decode(encoded),
          lsn,
          "continuing the interrupted snapshot");
    }
    if (hasOffset) {
      if (mode == SnapshotMode.INITIAL_ONLY) {
        return new SnapshotDecision(
            Action.IDLE, SnapshotProgress.NONE, lsn, "snapshot.mode=initial_only: already done");
      }
      if (mode == SnapshotMode.WHEN_NEEDED && !slotUsable) {
        return new SnapshotDecision(
            Action.SNAPSHOT,
            SnapshotProgress.NONE,
            0,
            slot.lost()
                ? "the slot lost the WAL after the committed offset: changes are missing, so"
                    + " snapshot.mode=when_needed takes a new snapshot"
                : "the slot of the committed offset is gone: changes are missing, so"
                    + " snapshot.mode=when_needed takes a new snapshot");
      }
      return new SnapshotDecision(
          Action.STREAM, SnapshotProgress.NONE, lsn, "resuming the stream after the offset");
    }
    return new SnapshotDecision(
        Action.SNAPSHOT, SnapshotProgress.NONE, 0, "no committed offset: first start");
  }
}
