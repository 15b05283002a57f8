package io.ductstream.source.pg.records;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.source.pg.decoding.RelationMessage;
import org.apache.kafka.connect.data.Struct;

/** Builds the envelope's {@code source} block, the same for streamed and snapshot records. */
public final class SourceBlock {
  private SourceBlock() {}

  /**
   * @param flow the flow name, or null
   * @param txId the transaction id, or null (a snapshot row has none)
   * @param commitTimeMicros the commit time, or null (a snapshot row has none)
   */
  public static Struct of(
      String flow,
      String database,
      RelationMessage relation,
      long lsn,
      Long txId,
      Long commitTimeMicros,
      boolean snapshot) {
    return new CheckedStruct(ChangeEnvelope.SOURCE_BLOCK)
        .put(ChangeEnvelope.SOURCE_FLOW, flow)
        .put(ChangeEnvelope.SOURCE_DB, database)
        .put(ChangeEnvelope.SOURCE_SCHEMA, relation.schema())
        .put(ChangeEnvelope.SOURCE_TABLE, relation.table())
        .put(ChangeEnvelope.SOURCE_LSN, lsn)
        .put(ChangeEnvelope.SOURCE_TX_ID, txId)
        .put(ChangeEnvelope.SOURCE_COMMIT_TS_US, commitTimeMicros)
        .put(ChangeEnvelope.SOURCE_SNAPSHOT, snapshot);
  }
}
