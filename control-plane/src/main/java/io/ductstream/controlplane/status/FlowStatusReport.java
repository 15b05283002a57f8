package io.ductstream.controlplane.status;

import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.ddl.DdlHolds;
import io.ductstream.controlplane.flow.Checkpoint;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowRun;
import io.ductstream.controlplane.runtime.RunProgress;
import java.util.List;
import java.util.Optional;

/**
 * Where a flow is: its stored state, its connectors as Kafka Connect reports them (or why they
 * could not be read), its slot, its checkpoint and its last run through DBOS; the progress of its
 * run when this process runs it, and its last failure; the DDL events the gate holds it at (its
 * state is then awaiting_ddl_approval).
 */
public record FlowStatusReport(
    FlowDefinition flow,
    List<ConnectorState> connectors,
    Optional<String> connectError,
    SlotState slot,
    Optional<Checkpoint> checkpoint,
    Optional<FlowRun> lastRun,
    Optional<RunProgress> progress,
    Optional<String> lastError,
    Optional<DdlHolds.Hold> ddlHold) {

  public FlowStatusReport {
    connectors = List.copyOf(connectors);
  }
}
