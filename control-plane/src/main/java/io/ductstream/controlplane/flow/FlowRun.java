package io.ductstream.controlplane.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a flow through DBOS, as the store's {@code flow_runs} table keeps it.
 *
 * @param id the run's DBOS workflow id
 * @param attempts how often it started: more than 1 after DBOS recovered it at a restart
 */
public record FlowRun(
    String id,
    String flowId,
    RunTrigger trigger,
    RunStatus status,
    long rows,
    Optional<String> checkpointLsn,
    String error,
    int attempts,
    Instant startedAt,
    Optional<Instant> finishedAt) {

  /** From its start to its end, or to now while it runs. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt.orElseGet(Instant::now));
  }
}
