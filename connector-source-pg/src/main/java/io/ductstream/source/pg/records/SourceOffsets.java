package io.ductstream.source.pg.records;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Connect source partition and offsets of the connector: partition {@code {database, slot}},
 * offset {@code {lsn: commit LSN, tx_event: index of the change in its transaction, from 1}}.
 */
public final class SourceOffsets {
  public static final String DATABASE = "database";
  public static final String SLOT = "slot";
  public static final String LSN = "lsn";
  public static final String TX_EVENT = "tx_event";

  /** Snapshot progress (SnapshotProgress's encoding), present while a snapshot is not finished. */
  public static final String SNAPSHOT = "snapshot";

  private SourceOffsets() {}

  /**
   * The partition, with its keys always in the same order: Connect stores offsets under the
   * partition's serialized form, and {@code Map.of}'s iteration order changes from JVM to JVM, so a
   * restarted worker would not find the offsets the previous one committed.
   */
  public static Map<String, Object> partition(String database, String slot) {
    Map<String, Object> partition = new LinkedHashMap<>();
    partition.put(DATABASE, database);
    partition.put(SLOT, slot);
    return Collections.unmodifiableMap(partition);
  }

  public static Map<String, Object> offset(long commitLsn, int txEvent) {
    return Map.of(LSN, commitLsn, TX_EVENT, txEvent);
  }

  /**
   * The offset of a snapshot record: the stream resumes at the snapshot's position (tx_event 0:
   * nothing of a transaction committed exactly there is skipped), and {@code snapshot} says which
   * chunks are complete.
   */
  public static Map<String, Object> snapshotOffset(long lsn, String progress) {
    return Map.of(LSN, lsn, TX_EVENT, 0, SNAPSHOT, progress);
  }

  /** True for the offset of an initial snapshot's record (one {@link #snapshotOffset} made). */
  public static boolean isSnapshot(Map<String, ?> offset) {
    return offset != null && offset.containsKey(SNAPSHOT);
  }

  /** The offset with {@code extra} entries (such as a running backfill's progress), if any. */
  public static Map<String, Object> offset(long commitLsn, int txEvent, Map<String, Object> extra) {
    if (extra == null || extra.isEmpty()) {
      return offset(commitLsn, txEvent);
    }
    Map<String, Object> offset = new java.util.HashMap<>(extra);
    offset.put(LSN, commitLsn);
    offset.put(TX_EVENT, txEvent);
    return offset;
  }

  /** Where a restart resumes: everything at or before it was already handed over. */
  public record Position(long commitLsn, int txEvent) {
    public static final Position START = new Position(0, 0);

    /** Reads a stored offset; null or incomplete offsets resume from the start. */
    public static Position from(Map<String, Object> offset) {
      if (offset == null || !(offset.get(LSN) instanceof Number lsn)) {
        return START;
      }
      int event = offset.get(TX_EVENT) instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
      return new Position(lsn.longValue(), event);
    }

    /** True when this position is inside the transaction committed at {@code lsn}. */
    public boolean within(long lsn) {
      return lsn == commitLsn && txEvent != Integer.MAX_VALUE;
    }

    /** True when the change {@code txEvent} of the transaction committed at {@code lsn} is done. */
    public boolean covers(long lsn, int event) {
      int compare = Long.compareUnsigned(lsn, commitLsn);
      return compare < 0 || (compare == 0 && event <= txEvent);
    }
  }
}
