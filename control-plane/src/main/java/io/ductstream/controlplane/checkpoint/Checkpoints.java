package io.ductstream.controlplane.checkpoint;

import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.OptionRules;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads, moves and resets the LSN each flow resumes from. */
public final class Checkpoints {
  static final int MAX_METADATA_ENTRIES = 50;
  static final int MAX_METADATA_KEY = 128;
  static final int MAX_METADATA_VALUE = 4096;

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

  /** One page of {@link #list}; {@code nextFlowId} is empty on the last page. */
  public record Page(List<Checkpoint> checkpoints, String nextFlowId) {}

  /** Up to {@code pageSize} checkpoints by flow id, of flows after {@code afterFlowId}. */
  public Page list(int pageSize, String afterFlowId) {
    List<Checkpoint> page = store.list(pageSize + 1, afterFlowId);
    if (page.size() <= pageSize) {
      return new Page(page, "");
    }
    List<Checkpoint> shown = List.copyOf(page.subList(0, pageSize));
    return new Page(shown, shown.get(pageSize - 1).flowId());
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
          "checkpoint.lsn "
              + (OptionRules.hasControlCharacter(lsn) || lsn.length() > 40
                  ? ""
                  : "\"" + lsn + "\" ")
              + "is not an LSN; write it as Postgres prints it, e.g. 0/16B3748");
    }
    checkMetadata(metadata);
    flows.require(flowId);
    return store.put(new Checkpoint(flowId, lsn.trim(), metadata, Instant.EPOCH), at);
  }

  private static void checkMetadata(Map<String, String> metadata) {
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw RequestException.invalid(
          "checkpoint.metadata has "
              + metadata.size()
              + " entries; at most "
              + MAX_METADATA_ENTRIES);
    }
    for (var entry : metadata.entrySet()) {
      if (entry.getKey().length() > MAX_METADATA_KEY
          || entry.getValue().length() > MAX_METADATA_VALUE
          || OptionRules.hasControlCharacter(entry.getKey())
          || OptionRules.hasControlCharacter(entry.getValue())) {
        throw RequestException.invalid(
            "checkpoint.metadata: keys of at most "
                + MAX_METADATA_KEY
                + " and values of at most "
                + MAX_METADATA_VALUE
                + " characters, without control characters (line breaks, tabs, NUL)");
      }
    }
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
