package io.ductstream.source.pg.records;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A change record that remembers its transaction, so the acknowledgement the runtime gives for it
 * ({@code commitRecord}) is counted against that transaction without a lookup.
 */
public final class ChangeRecord extends SourceRecord {
  private final TransactionAcks.Transaction transaction;
  private final boolean resumable;
  private TransactionAcks.Transaction settles;
  private long valueBytes = -1;

  public ChangeRecord(
      TransactionAcks.Transaction transaction,
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset,
      String topic,
      Schema keySchema,
      Object key,
      Schema valueSchema,
      Object value,
      Long timestamp) {
    this(
        transaction,
        sourcePartition,
        sourceOffset,
        topic,
        keySchema,
        key,
        valueSchema,
        value,
        timestamp,
        true);
  }

  /**
   * @param resumable whether a restart from this record's offset replays exactly the records after
   *     it (see {@link #resumable()})
   */
  public ChangeRecord(
      TransactionAcks.Transaction transaction,
      Map<String, ?> sourcePartition,
      Map<String, ?> sourceOffset,
      String topic,
      Schema keySchema,
      Object key,
      Schema valueSchema,
      Object value,
      Long timestamp,
      boolean resumable) {
    super(
        sourcePartition, sourceOffset, topic, null, keySchema, key, valueSchema, value, timestamp);
    this.transaction = transaction;
    this.resumable = resumable;
  }

  public TransactionAcks.Transaction transaction() {
    return transaction;
  }

  /**
   * The transaction of a backfill signal whose plan this record's offset is the first to carry, or
   * null: that transaction may be confirmed to the slot only once this offset is stored (else a
   * crash would lose the plan, and the slot would never send the signal again).
   */
  public TransactionAcks.Transaction settles() {
    return settles;
  }

  /** Marks this record as the first to carry the plan of the signal in {@code transaction}. */
  public void settles(TransactionAcks.Transaction transaction) {
    this.settles = transaction;
  }

  /**
   * The bytes of the row image's column values as Postgres sent them (the lengths in the change
   * message, text or binary), or -1 when the record does not know them (a snapshot row): what the
   * bytes meter counts without reading the row again.
   */
  public long valueBytes() {
    return valueBytes;
  }

  public void valueBytes(long bytes) {
    this.valueBytes = bytes;
  }

  /**
   * True when a task restarted from this record's offset emits exactly the records that came after
   * it: always for streamed changes; for snapshot rows only at the end of a hand-over after which
   * no chunk is partly handed over (a restart re-reads a chunk that is not complete, rows handed
   * over included). A runtime that must not write a row twice commits only at such records.
   */
  public boolean resumable() {
    return resumable;
  }
}
