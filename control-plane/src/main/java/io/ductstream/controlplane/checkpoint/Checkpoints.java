package io.ductstream.controlplane.checkpoint;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads, moves and resets the LSN each flow resumes from. */
public final class Checkpoints {
  private final FlowStore flows;
  private final CheckpointStore store;

  public Checkpoints(FlowStore flows, CheckpointStore store) {
    this.flows = flows;
    this.store = store;
  }

  /** The flow's checkpoint; NOT_FOUND for an unknown flow or one without a checkpoint yet. */
  public Checkpoint get(String flowId) {
    flows.require(flowId);
    return store
        .find(flowId)
        .orElseThrow(
            () ->
                RequestException.notFound(
                    "flow \"" + flowId + "\" has no checkpoint yet; it gets one once it runs"));
  }

  public List<Checkpoint> list() {
    return store.list();
  }

  /**
   * Sets the flow's checkpoint.
   *
   * @throws RequestException INVALID for an LSN that is not {@code X/XXXXXXXX}, NOT_FOUND for an
   *     unknown flow
   */
  public Checkpoint put(
      String flowId, String lsn, Map<String, String> metadata, Optional<Instant> at) {
    if (!Checkpoint.isLsn(lsn.trim())) {
      throw RequestException.invalid(
          "checkpoint.lsn \""
              + lsn
              + "\" is not an LSN; write it as Postgres prints it, e.g. 0/16B3748");
    }
    flows.require(flowId);
    return store.put(new Checkpoint(flowId, lsn.trim(), metadata, Instant.EPOCH), at);
  }

  /**
   * Forgets the flow's checkpoint, so that its next start reads from the slot's position.
   *
   * @return false if it had none
   * @throws RequestException FAILED_PRECONDITION while the flow runs
   */
  public boolean reset(String flowId) {
    FlowDefinition flow = flows.require(flowId);
    if (flow.state() == FlowState.RUNNING) {
      throw RequestException.failedPrecondition(
          "flow \""
              + flowId
              + "\" is running; pause it (PauseFlow) before resetting its checkpoint");
    }
    return store.delete(flowId);
  }
}
