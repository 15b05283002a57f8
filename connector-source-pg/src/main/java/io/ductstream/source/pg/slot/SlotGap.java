package io.ductstream.source.pg.slot;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The error for a stream that cannot go on without skipping changes: the slot was dropped, or lost
 * the WAL after the position the task resumes from (invalidated by {@code max_slot_wal_keep_size},
 * for instance). Said the same way whether the task finds it at start or when it reconnects.
 */
public final class SlotGap {
  private SlotGap() {}

  /**
   * @param slotName the slot
   * @param slot its state now: missing, or present and lost
   * @param position where the task would resume (the committed offset or the last change read)
   */
  public static ConnectException error(String slotName, SlotState slot, String position) {
    String what =
        slot.exists()
            ? "replication slot " + slotName + " lost the WAL after " + position
            : "replication slot " + slotName + " of " + position + " is gone";
    return new ConnectException(
        what
            + ": the changes made since then are no longer in the source's WAL, and streaming on"
            + " would skip them. To read the tables again set snapshot.mode=when_needed (a new"
            + " snapshot) or forget the offset (ductstream-admin checkpoint reset -flow-id ID, or"
            + " DELETE /connectors/<name>/offsets on Kafka Connect)"
            + (slot.exists()
                ? ", after dropping the slot: SELECT pg_drop_replication_slot('" + slotName + "')"
                : "; to accept the gap, set snapshot.mode=never"));
  }
}
