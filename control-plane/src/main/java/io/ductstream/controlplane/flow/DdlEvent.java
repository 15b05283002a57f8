package io.ductstream.controlplane.flow;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A schema change seen on a flow's source (one new schema version of one table), awaiting or past
 * its approval. The source connector writes it; the operator's decisions move its status.
 *
 * @param ddl the statement when the capture trigger sent it, else the readable diff
 * @param diff the readable change, one line per change
 * @param oldShape the table's shape before, as JSON (empty for a table first seen)
 * @param detectedBy {@code relation} or {@code catalog}
 * @param reason why it was rejected; empty otherwise
 */
public record DdlEvent(
    long id,
    String flowId,
    String namespace,
    String table,
    OptionalInt tableVersion,
    String ddl,
    String diff,
    Optional<String> oldShape,
    Optional<String> newShape,
    String detectedBy,
    Optional<String> lsn,
    DdlStatus status,
    Optional<String> planJson,
    String reason,
    Instant createdAt,
    Optional<Transition> approved,
    Optional<Transition> rejected,
    Optional<Transition> applied) {

  /** When a transition happened and who made it ({@code auto} for auto-approve/apply). */
  public record Transition(Instant at, String by) {}

  /** {@code schema.table}, or the bare name when the schema is not known. */
  public String qualifiedTable() {
    return namespace.isEmpty() ? table : namespace + "." + table;
  }
}
