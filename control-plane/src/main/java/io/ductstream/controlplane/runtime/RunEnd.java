package io.ductstream.controlplane.runtime;

import java.util.Optional;

/**
 * How a run of a flow until caught up ended.
 *
 * @param checkpointLsn the flow's checkpoint after the run, if it wrote one
 * @param reason why it failed or was skipped; empty otherwise
 */
public record RunEnd(Kind kind, long rows, Optional<String> checkpointLsn, String reason) {

  public enum Kind {
    /** Every change up to its last check is durable and checkpointed. */
    CAUGHT_UP,
    /** Stopped (pause, delete, shutdown) before it caught up; it drained and checkpointed. */
    STOPPED,
    FAILED,
    /** Another process holds the flow's lease (a ductstream-worker runs it): nothing was done. */
    HELD_ELSEWHERE
  }

  static RunEnd of(FlowRunner.Summary summary) {
    return new RunEnd(
        summary.caughtUp() ? Kind.CAUGHT_UP : Kind.STOPPED,
        summary.rows(),
        summary.checkpointLsn(),
        "");
  }
}
