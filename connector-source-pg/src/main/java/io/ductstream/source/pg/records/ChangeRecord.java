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
    super(
        sourcePartition, sourceOffset, topic, null, keySchema, key, valueSchema, value, timestamp);
    this.transaction = transaction;
  }

  public TransactionAcks.Transaction transaction() {
    return transaction;
  }
}
