package io.ductstream.controlplane.status;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.ddl.DdlHolds;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowRun;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.runtime.FlowRunners;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowRunStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.translate.ConnectorConfig;
import io.ductstream.controlplane.translate.FlowTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gathers a flow's status from the store, Kafka Connect and the source database. Only an unknown
 * flow is an error: an unreachable Connect cluster or source is reported in the status.
 */
public final class FlowStatusReader {
  static final String CONNECT_NOT_CONFIGURED =
      "DUCTSTREAM_CONNECT_URL is not set: the control plane does not run the flow's connectors";

  static final String IN_PROCESS =
      "DUCTSTREAM_CONNECT_URL is not set: the API server runs the flow itself; ";

  private final FlowStore flows;
  private final CheckpointStore checkpoints;
  private final FlowTranslator translator;
  private final Optional<ConnectClient> connect;
  private final SlotProbe slots;
  private Optional<FlowRunners> runners = Optional.empty();
  private Optional<FlowRunStore> dbosRuns = Optional.empty();
  private Optional<DdlHolds> holds = Optional.empty();

  public FlowStatusReader(
      FlowStore flows,
      CheckpointStore checkpoints,
      FlowTranslator translator,
      Optional<ConnectClient> connect,
      SlotProbe slots) {
    this.flows = flows;
    this.checkpoints = checkpoints;
    this.translator = translator;
    this.connect = connect;
    this.slots = slots;
  }

  /** The reader of a server that runs flows itself (no Connect cluster). */
  public FlowStatusReader withRunners(FlowRunners inProcess) {
    this.runners = Optional.of(inProcess);
    return this;
  }

  /** The status shows whether the DDL gate holds the flow, and at which events. */
  public FlowStatusReader withDdlHolds(DdlHolds ddlHolds) {
    this.holds = Optional.of(ddlHolds);
    return this;
  }

  /** The status shows the flow's last run through DBOS from {@code runs}. */
  public FlowStatusReader withRuns(FlowRunStore runs) {
    this.dbosRuns = Optional.of(runs);
    return this;
  }

  /** The flow's most recent runs through DBOS, newest first; NOT_FOUND for an unknown flow. */
  public List<FlowRun> runs(String flowId, int limit) {
    flows.require(flowId);
    return dbosRuns.map(runs -> runs.recent(flowId, limit)).orElse(List.of());
  }

  public FlowStatusReport read(String flowId) {
    FlowDefinition stored = flows.require(flowId);
    Optional<DdlHolds.Hold> hold = holds.flatMap(h -> h.hold(stored));
    FlowDefinition flow =
        hold.isPresent() ? stored.withState(FlowState.AWAITING_DDL_APPROVAL) : stored;
    List<ConnectorState> connectors = new ArrayList<>();
    Optional<String> connectError =
        Optional.of(
            runners
                .map(
                    inProcess ->
                        IN_PROCESS
                            + (inProcess.running(flowId)
                                ? inProcess
                                    .lastError(flowId)
                                    .map(e -> "its last attempt failed, retrying: " + e)
                                    .orElse("running now")
                                : "not running now"))
                .orElse(CONNECT_NOT_CONFIGURED));
    if (connect.isPresent()) {
      connectError = Optional.empty();
      try {
        for (ConnectorConfig connector : translator.translate(flow, Optional.empty())) {
          connectors.add(RecordTooLarge.explain(connect.get().status(connector.name()), flow));
        }
      } catch (RequestException e) {
        connectors.clear();
        connectError = Optional.of(e.getMessage());
      }
    }
    return new FlowStatusReport(
        flow,
        connectors,
        connectError,
        slots.probe(flow.source(), FlowTranslator.slotName(flow)),
        checkpoints.find(flowId),
        dbosRuns.flatMap(runs -> runs.last(flowId)),
        runners.flatMap(inProcess -> inProcess.progress(flowId)),
        lastError(flowId, connectors),
        hold);
  }

  /** The in-process run's last failure, else the first failed connector's or task's error. */
  private Optional<String> lastError(String flowId, List<ConnectorState> connectors) {
    Optional<String> run = runners.flatMap(inProcess -> inProcess.lastError(flowId));
    if (run.isPresent()) {
      return run;
    }
    for (ConnectorState connector : connectors) {
      if (!connector.error().isBlank()) {
        return Optional.of(connector.name() + ": " + connector.error());
      }
      for (ConnectorState.Task task : connector.tasks()) {
        if (!task.error().isBlank()) {
          return Optional.of(connector.name() + " task " + task.id() + ": " + task.error());
        }
      }
    }
    return Optional.empty();
  }
}
