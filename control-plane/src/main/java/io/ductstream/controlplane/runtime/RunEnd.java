package io.ductstream.controlplane.runtime;

import java.util.Optional;

/**
 * How a run of a flow until caught up ended.
 *
 * @param checkpointLsn the flow's checkpoint after the run, if it wrote one
 * @param reason why it failed, was skipped or is held by the DDL gate; empty otherwise
 */
public record RunEnd(Kind kind, long rows, Optional<String> checkpointLsn, String reason) {

  public enum Kind {
    /** Every change up to its last check is durable and checkpointed. */
    CAUGHT_UP,
    /** Stopped (pause, delete, shutdown) before it caught up; it drained and checkpointed. */
    STOPPED,
    FAILED,
    /** Another process holds the flow's lease (a ductstream-worker runs it): nothing was done. */
    HELD_ELSEWHERE,
    /**
     * The DDL gate holds the flow's source at a schema change awaiting approval; everything before
     * it is durable and checkpointed. Not a failure.
     */
    DDL_GATED
  }

  /**
   * What a run the DDL gate ended says: {@code held by DDL event 7 (awaiting approval):
   * ductstream-admin ddl approve -id 7, then ddl apply -id 7}.
   */
  public static String heldMessage(long eventId) {
    return DdlGateStop.heldMessage(eventId);
  }

  static RunEnd of(FlowRunner.Summary summary) {
    if (summary.heldByDdlEvent().isPresent()) {
      return new RunEnd(
          Kind.DDL_GATED,
          summary.rows(),
          summary.checkpointLsn(),
          heldMessage(summary.heldByDdlEvent().getAsLong()));
    }
    return new RunEnd(
        summary.caughtUp() ? Kind.CAUGHT_UP : Kind.STOPPED,
        summary.rows(),
        summary.checkpointLsn(),
        "");
  }
}
