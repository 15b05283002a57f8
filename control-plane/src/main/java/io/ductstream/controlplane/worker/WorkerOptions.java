package io.ductstream.controlplane.worker;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.postgresql.replication.LogSequenceNumber;

/**
 * What {@code ductstream-worker} was asked to do for one flow. Empty optionals mean "as the flow
 * says": the stored checkpoint for the start LSN, the source's tables and {@code snapshot_workers}
 * option.
 *
 * @param maxEmptyReads stop after this many empty reads in a row; 0 runs until stopped
 */
public record WorkerOptions(
    String flowId,
    int maxEmptyReads,
    Optional<LogSequenceNumber> startLsn,
    WorkerMode mode,
    List<TableName> tables,
    OptionalInt snapshotWorkers) {

  public WorkerOptions {
    if (flowId.isBlank()) {
      throw new IllegalArgumentException("flow id must not be blank");
    }
    if (maxEmptyReads < 0) {
      throw new IllegalArgumentException("max empty reads must be 0 or more");
    }
    if (snapshotWorkers.isPresent() && snapshotWorkers.getAsInt() < 1) {
      throw new IllegalArgumentException("snapshot workers must be 1 or more");
    }
    tables = List.copyOf(tables);
  }
}
