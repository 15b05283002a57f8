package io.ductstream.controlplane.runtime;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Whether a run until caught up ends because the DDL gate holds its source task: a held task emits
 * nothing and its slot does not move, so the run would never catch up. Once the run has had its
 * empty reads, a held task ends it ("held by the DDL gate", not a failure). A continuous run (no
 * max empty reads) stays held; the flow's status shows it, and it goes on once the event is
 * applied.
 */
final class DdlGateStop {
  private final int maxEmptyReads;
  private final Supplier<OptionalLong> heldByDdlEvent;

  /**
   * @param heldByDdlEvent the event the source task is held at (PostgresSourceTask#heldByDdlEvent)
   */
  DdlGateStop(int maxEmptyReads, Supplier<OptionalLong> heldByDdlEvent) {
    this.maxEmptyReads = maxEmptyReads;
    this.heldByDdlEvent = heldByDdlEvent;
  }

  /** The event that ends the run after {@code emptyReads} empty reads in a row, if one does. */
  OptionalLong endsRunAt(int emptyReads) {
    if (maxEmptyReads <= 0 || emptyReads < maxEmptyReads) {
      return OptionalLong.empty();
    }
    return heldByDdlEvent.get();
  }

  /** What a worker prints when the gate ended its run, naming the commands that let it go on. */
  static String heldMessage(long eventId) {
    return "held by DDL event "
        + eventId
        + " (awaiting approval): ductstream-admin ddl approve -id "
        + eventId
        + ", then ddl apply -id "
        + eventId;
  }
}
