package io.ductstream.controlplane.schedule;

import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.RunStatus;
import io.ductstream.controlplane.flow.RunTrigger;
import io.ductstream.controlplane.runtime.FlowRunners;
import io.ductstream.controlplane.runtime.RunEnd;
import io.ductstream.controlplane.store.FlowRunStore;
import io.ductstream.controlplane.store.FlowStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of a flow run through DBOS, without DBOS: which flows a schedule tick runs, recording a
 * run's start and end in {@code flow_runs}, and the run itself, with the same bounded run as
 * RunFlowOnce ({@link FlowRunners#runUntilCaughtUp}). {@link DbosScheduler} makes them durable.
 */
public final class FlowRunSteps {
  /**
   * The flows a tick runs: running ones, and failed ones (their last run failed; the next run tries
   * again, and moves them back to running once it streams, as the in-process runner does).
   */
  static final Set<FlowState> SCHEDULED_STATES = Set.of(FlowState.RUNNING, FlowState.FAILED);

  private final FlowStore flows;
  private final FlowRunStore runs;
  private final FlowRunners runners;

  public FlowRunSteps(FlowStore flows, FlowRunStore runs, FlowRunners runners) {
    this.flows = flows;
    this.runs = runs;
    this.runners = runners;
  }

  /** How a run ended, as the workflow records it (a DBOS step's output: plain values only). */
  public record Result(RunStatus status, long rows, String checkpointLsn, String error) {}

  /**
   * The ids of the flows a schedule tick enqueues a run for: none that a runner holds now (a
   * ductstream-worker, or a run of this server, which would make the run wait or skip).
   */
  List<String> flowsToRun() {
    return flows.idleIdsIn(SCHEDULED_STATES);
  }

  void started(String runId, String flowId, RunTrigger trigger) {
    runs.started(runId, flowId, trigger);
  }

  /**
   * Runs the flow until caught up, unless it was deleted, or (a scheduled run) paused since the
   * tick that enqueued it. Each call is an attempt of the run: more than one when DBOS resumed it.
   */
  Result run(String runId, String flowId, RunTrigger trigger) throws InterruptedException {
    runs.attempt(runId);
    Optional<FlowDefinition> flow = flows.find(flowId);
    if (flow.isEmpty()) {
      return new Result(RunStatus.STOPPED, 0, null, "the flow was deleted");
    }
    if (trigger == RunTrigger.SCHEDULE && !SCHEDULED_STATES.contains(flow.get().state())) {
      return new Result(
          RunStatus.SKIPPED, 0, null, "the flow is " + flow.get().state().storeName() + " now");
    }
    Optional<RunEnd> end = runners.runUntilCaughtUp(flow.get());
    if (end.isEmpty()) {
      return new Result(
          RunStatus.SKIPPED, 0, null, "a run of the flow is already going on in this server");
    }
    return new Result(
        status(end.get().kind()),
        end.get().rows(),
        end.get().checkpointLsn().orElse(null),
        end.get().reason());
  }

  void finished(String runId, Result result) {
    runs.finished(
        runId,
        result.status(),
        result.rows(),
        Optional.ofNullable(result.checkpointLsn()),
        result.error());
  }

  /** A run the DDL gate ended (its source held at a schema change) is ddl_gated, not failed. */
  private static RunStatus status(RunEnd.Kind kind) {
    return switch (kind) {
      case CAUGHT_UP -> RunStatus.SUCCEEDED;
      case HELD_ELSEWHERE -> RunStatus.SKIPPED;
      case DDL_GATED -> RunStatus.DDL_GATED;
      case STOPPED -> RunStatus.STOPPED;
      case FAILED -> RunStatus.FAILED;
    };
  }
}
