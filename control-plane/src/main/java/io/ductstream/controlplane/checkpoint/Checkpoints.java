package io.ductstream.controlplane.checkpoint;

import io.ductstream.contract.pg.Lsn;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.Checkpoint;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.OptionRules;
import io.ductstream.controlplane.status.SlotProbe;
import io.ductstream.controlplane.status.SlotState;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.translate.FlowTranslator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, moves and resets the LSN each flow resumes from. A move before the flow's replication slot
 * is refused (Postgres cannot replay what the slot let go); for flows on a Kafka Connect cluster a
 * move or reset changes the source connector's offsets too ({@link ConnectCheckpoints}), so the
 * next run follows it. Without Connect, only the stored row changes, and the in-process runner
 * reads it at its next start.
 */
public final class Checkpoints {
  static final int MAX_METADATA_ENTRIES = 50;
  static final int MAX_METADATA_KEY = 128;
  static final int MAX_METADATA_VALUE = 4096;

  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

  private final FlowStore flows;
  private final CheckpointStore store;
  private final SlotProbe slots;
  private final Optional<ConnectCheckpoints> connect;

  public Checkpoints(
      FlowStore flows,
      CheckpointStore store,
      SlotProbe slots,
      Optional<ConnectCheckpoints> connect) {
    this.flows = flows;
    this.store = store;
    this.slots = slots;
    this.connect = connect;
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
   *     unknown flow, FAILED_PRECONDITION for an LSN before the slot's confirmed_flush_lsn
   */
  public Checkpoint put(
      String flowId, String lsn, Map<String, String> metadata, Optional<Instant> at) {
    if (!Checkpoint.isLsn(lsn.trim())) {
      throw RequestException.invalid(
          "checkpoint.lsn "
              + (OptionRules.hasControlCharacter(lsn) || lsn.length() > 40
                  ? ""
                  : "\"" + lsn + "\" ")
              + "is not "
              + Lsn.EXPECTED);
    }
    checkMetadata(metadata);
    FlowDefinition flow = flows.require(flowId);
    String position = lsn.trim();
    requireReplayable(flow, position);
    if (connect.isPresent()) {
      Checkpoint moved = connect.get().move(flow, position, metadata);
      return at.isEmpty() ? moved : store.put(moved, at);
    }
    return store.put(new Checkpoint(flowId, position, metadata, Instant.EPOCH), at);
  }

  /**
   * Refuses a position the slot has already let go: Postgres keeps WAL only from the slot's
   * confirmed_flush_lsn on. A slot that does not exist yet, or a source the API server cannot
   * reach, is no reason to refuse: the runner checks again when it starts.
   */
  private void requireReplayable(FlowDefinition flow, String lsn) {
    String slotName = FlowTranslator.slotName(flow);
    SlotState slot = slots.probe(flow.source(), slotName);
    if (!slot.reachable()) {
      log.warn(
          "cannot check checkpoint {} of flow {} against slot {}: {}",
          lsn,
          flow.id(),
          slotName,
          slot.error());
      return;
    }
    if (!slot.exists() || slot.confirmedFlushLsn().isEmpty()) {
      return;
    }
    long confirmed = LogSequenceNumber.valueOf(slot.confirmedFlushLsn()).asLong();
    if (Long.compareUnsigned(LogSequenceNumber.valueOf(lsn).asLong(), confirmed) < 0) {
      throw RequestException.failedPrecondition(
          "checkpoint.lsn "
              + lsn
              + " is before the confirmed_flush_lsn "
              + slot.confirmedFlushLsn()
              + " of replication slot \""
              + slotName
              + "\": Postgres no longer keeps the changes before it and cannot replay them. Put"
              + " an LSN at or after "
              + slot.confirmedFlushLsn()
              + "; to read the tables again, re-snapshot: reset the checkpoint (ResetCheckpoint,"
              + " ductstream-admin checkpoint reset -flow-id "
              + flow.id()
              + ") or drop the slot (SELECT pg_drop_replication_slot('"
              + slotName
              + "')) so that the next start creates it and takes a new snapshot");
    }
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
   * Forgets the flow's checkpoint, so that its next start reads from the slot's position (on
   * Connect: the source connector's offsets too, so it starts as on its first run).
   *
   * @return false if it had none
   * @throws RequestException FAILED_PRECONDITION while the flow runs in-process (on Connect, the
   *     connector is stopped for the reset and then resumed)
   */
  public boolean reset(String flowId) {
    FlowDefinition flow = flows.require(flowId);
    if (connect.isPresent()) {
      return connect.get().reset(flow);
    }
    if (flow.state() == FlowState.RUNNING) {
      throw RequestException.failedPrecondition(
          "flow \""
              + flowId
              + "\" is running; pause it (PauseFlow) before resetting its checkpoint");
    }
    return store.delete(flowId);
  }
}
