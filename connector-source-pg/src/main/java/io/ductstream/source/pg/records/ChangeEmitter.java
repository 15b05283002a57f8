package io.ductstream.source.pg.records;

import io.ductstream.contract.envelope.ChangeEnvelope.Op;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.ddl.SchemaGovernor;
import io.ductstream.source.pg.decoding.PgOutputDecoder;
import io.ductstream.source.pg.decoding.PgOutputHandler;
import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.decoding.StreamedTransactions;
import io.ductstream.source.pg.decoding.TupleData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns decoded pgoutput messages into change records: tracks the open transaction, numbers its
 * changes, skips what a previous run already handed over, assembles streamed transactions at
 * commit, and registers each transaction for acknowledgement.
 */
public final class ChangeEmitter implements PgOutputHandler, ReadRowSink {
  /** Where the records go. */
  public interface Output {
    void accept(ChangeRecord record, long estimatedBytes);
  }

  private RelationCache relations;
  private final TransactionAcks acks;
  private final StreamedTransactions streamed;
  private final Output output;
  private final Map<String, Object> partition;
  private final String database;
  private final String flow;
  private final List<String> unchanged = new ArrayList<>();
  private final ResumeFilter resume;
  private PgOutputDecoder decoder;

  private TransactionAcks.Transaction transaction;
  private long commitTimeMicros;
  private long xid;
  private long streamXid = -1;
  private Struct source;
  private TableMapper sourceOf;
  private ChangeTap tap;
  private SchemaGovernor governor;
  private TransactionAcks.Transaction planDebt;
  private SchemaGovernor.HoldWait holdWait;

  public ChangeEmitter(
      RelationCache relations,
      TransactionAcks acks,
      StreamedTransactions streamed,
      Output output,
      Map<String, Object> partition,
      String database,
      String flow,
      SourceOffsets.Position resume) {
    this.relations = relations;
    this.acks = acks;
    this.streamed = streamed;
    this.output = output;
    this.partition = partition;
    this.database = database;
    this.flow = flow.isEmpty() ? null : flow;
    this.resume = new ResumeFilter(resume);
  }

  /** Turns on a listener (backfills: signal rows, watermarks and the chunks read between them). */
  public void attachTap(ChangeTap tap) {
    this.tap = tap;
  }

  /**
   * Versions the shapes of the captured tables; with the gate on, {@code holdWait} keeps the stream
   * alive while a Relation message's new shape waits for its DDL event to be applied.
   */
  public void attachGovernor(SchemaGovernor governor, SchemaGovernor.HoldWait holdWait) {
    this.governor = governor;
    this.holdWait = holdWait;
  }

  /** The decoder feeding this emitter; needed to replay streamed transactions. */
  public void attach(PgOutputDecoder decoder) {
    this.decoder = decoder;
  }

  /**
   * After a reconnect: relations are described again by the new session, and everything up to
   * {@code position} (already handed over) is skipped when the server sends it again.
   */
  public void reconnected(RelationCache newRelations, SourceOffsets.Position position) {
    this.relations = newRelations;
    this.resume.reconnected(position);
    this.streamXid = -1;
  }

  /** The last change handed to the output, as a resume position. */
  public SourceOffsets.Position lastEmitted() {
    return resume.lastEmitted();
  }

  /** True between Begin and Commit, or while a streamed transaction has saved chunks. */
  public boolean inTransaction() {
    return resume.inTransaction() || streamed.openTransactions() > 0 || streamXid >= 0;
  }

  @Override
  public void begin(long finalLsn, long commitTime, long xid) {
    this.commitTimeMicros = commitTime;
    this.xid = xid;
    this.source = null;
    this.sourceOf = null;
    if (resume.begin(finalLsn)) {
      return; // handed over and committed by an earlier run or connection
    }
    if (transaction == null || transaction.commitLsn() != finalLsn) {
      transaction = acks.open(finalLsn);
    }
    // else: the connection was lost inside this transaction and it is being sent again; keep
    // counting into the same entry so it is confirmed once, when all of it is durable.
  }

  @Override
  public void commit(long lsn, long endLsn, long commitTime) {
    relations.committed(endLsn);
    if (resume.commit()) {
      return;
    }
    TransactionAcks.Transaction done = transaction;
    transaction = null;
    if (done != null) {
      acks.close(done, endLsn);
    }
  }

  @Override
  public void relation(RelationMessage relation) {
    if (!governed(relation)) {
      relations.update(relation);
      return;
    }
    TableShape shape = relations.describe(relation);
    SchemaGovernor.Decision decision =
        governor.relation(
            relation, shape, resume.commitLsn(), resume.txEvent(), resume.skippingWhole());
    relations.update(relation, shape, decision.version());
    if (decision.holdAt() != 0) {
      try {
        // nothing of the new shape is emitted, and this transaction's acknowledgement stays open,
        // until the event is applied
        governor.awaitApplied(decision.holdAt(), holdWait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.connect.errors.ConnectException(
            "stopped while held at DDL event " + decision.holdAt(), e);
      }
    }
  }

  /** True for a captured table the governor versions (the signal table it does not). */
  private boolean governed(RelationMessage relation) {
    return governor != null
        && relations.captures(relation)
        && governor.governs(TableId.of(relation));
  }

  @Override
  public void insert(int relationId, TupleData newRow) {
    boolean skip = resume.skipNext(); // counted captured or not
    TableMapper mapper = relations.get(relationId);
    if (mapper == null || skip) {
      return;
    }
    if (isSignal(mapper)) {
      Map<String, Object> planBefore = tap.offsetEntry();
      tap.signal(mapper.row(newRow, null, null, resume.commitLsn()));
      if (planDebt == null && transaction != null && tap.offsetEntry() != planBefore) {
        // the plan lives in the offsets of the records after the signal: until one of them is
        // stored, the signal's transaction must stay unconfirmed (one more record to wait for)
        transaction.emitted();
        planDebt = transaction;
      }
      return;
    }
    unchanged.clear();
    Struct after = mapper.row(newRow, null, unchanged, resume.commitLsn());
    emit(mapper, Op.CREATE, null, after, mapper.key(after), newRow);
  }

  @Override
  public void update(int relationId, TupleData oldRow, boolean oldIsKey, TupleData newRow) {
    boolean skip = resume.skipNext();
    TableMapper mapper = relations.get(relationId);
    if (mapper == null || skip || isSignal(mapper)) {
      return;
    }
    Struct before = oldRow == null ? null : mapper.row(oldRow, null, null, resume.commitLsn());
    unchanged.clear();
    Struct after = mapper.row(newRow, oldIsKey ? null : before, unchanged, resume.commitLsn());
    emit(mapper, Op.UPDATE, before, after, mapper.key(after), newRow);
  }

  @Override
  public void delete(int relationId, TupleData oldRow, boolean oldIsKey) {
    boolean skip = resume.skipNext();
    TableMapper mapper = relations.get(relationId);
    if (mapper == null || skip || isSignal(mapper)) {
      return;
    }
    unchanged.clear();
    Struct before = mapper.row(oldRow, null, null, resume.commitLsn());
    emit(mapper, Op.DELETE, before, null, mapper.key(before), oldRow);
  }

  @Override
  public void truncate(int[] relationIds, int options) {
    for (int relationId : relationIds) {
      boolean skip = resume.skipNext(); // each truncated table counts, captured or not
      TableMapper mapper = relations.get(relationId);
      if (mapper == null || skip || isSignal(mapper)) {
        continue;
      }
      if (tap != null) {
        tap.truncated(relationId);
      }
      unchanged.clear();
      emit(mapper, Op.TRUNCATE, null, null, null, null);
    }
  }

  @Override
  public void message(boolean transactional, long lsn, String prefix, ByteBuffer content) {
    if (governor != null
        && SchemaGovernor.CAPTURE_PREFIX.equals(prefix)
        && !resume.skippingWhole()) {
      byte[] bytes = new byte[content.remaining()];
      content.duplicate().get(bytes);
      governor.message(prefix, bytes);
      return;
    }
    if (tap != null && transactional && resume.inTransaction() && !resume.skippingWhole()) {
      tap.message(prefix, content, this);
    }
  }

  @Override
  public TableMapper mapper(RelationMessage relation) {
    TableMapper mapper = relations.get(relation.relationId());
    if (mapper == null) {
      if (governed(relation)) {
        // rows read now carry the version of the table's shape now
        TableShape shape = relations.describe(relation);
        relations.update(relation, shape, shape == null ? null : governor.versionOf(shape));
      } else {
        relations.update(relation);
      }
      mapper = relations.get(relation.relationId());
    }
    return mapper;
  }

  @Override
  public void emitRead(
      TableMapper mapper, List<ReadRow> rows, Map<String, Object> lastOffsetEntry) {
    Struct readSource = source(mapper, true);
    for (int i = 0; i < rows.size(); i++) {
      if (resume.skipNext()) {
        continue;
      }
      ReadRow row = rows.get(i);
      Map<String, Object> progress = i < rows.size() - 1 ? tap.offsetEntry() : lastOffsetEntry;
      unchanged.clear();
      record(
          mapper,
          Op.READ,
          null,
          row.row(),
          row.key(),
          row.estimatedBytes(),
          readSource,
          progress,
          -1);
    }
  }

  @Override
  public void streamStart(long xid, boolean firstSegment) {
    streamXid = xid;
  }

  @Override
  public void streamStop() {
    streamXid = -1;
  }

  @Override
  public void streamedMessage(long xid, byte type, ByteBuffer message) {
    streamed.append(streamXid, message);
  }

  @Override
  public void streamCommit(long xid, long lsn, long endLsn, long commitTime) {
    begin(lsn, commitTime, xid);
    streamed.replay(xid, decoder);
    commit(lsn, endLsn, commitTime);
  }

  @Override
  public void streamAbort(long xid, long subXid) {
    streamed.abort(xid, subXid);
  }

  private boolean isSignal(TableMapper mapper) {
    return tap != null && tap.isSignal(mapper.relation());
  }

  /**
   * @param image the tuple the row image was decoded from (its byte counts), or null for a change
   *     without one (a truncate)
   */
  private void emit(
      TableMapper mapper, Op op, Struct before, Struct after, Struct key, TupleData image) {
    Map<String, Object> progress = null;
    if (tap != null) {
      tap.changed(mapper.relation().relationId(), key);
      progress = tap.offsetEntry();
    }
    long valueBytes = image == null ? 0 : TableMapper.valueBytes(image);
    record(
        mapper,
        op,
        before,
        after,
        key,
        image == null ? 256 : TableMapper.estimateBytes(image.columnCount(), valueBytes),
        source(mapper, false),
        progress,
        valueBytes);
  }

  private void record(
      TableMapper mapper,
      Op op,
      Struct before,
      Struct after,
      Struct key,
      long estimatedBytes,
      Struct sourceBlock,
      Map<String, Object> progress,
      long valueBytes) {
    Struct envelope =
        mapper.envelope(
            op.code(), before, after, sourceBlock, System.currentTimeMillis() * 1000, unchanged);
    ChangeRecord record =
        new ChangeRecord(
            transaction,
            partition,
            SourceOffsets.offset(resume.commitLsn(), resume.txEvent(), progress),
            mapper.topic(),
            key == null ? mapper.keySchema() : key.schema(), // an overflowing key has its own
            key,
            mapper.envelopeSchema(),
            envelope,
            commitTimeMicros / 1000);
    record.valueBytes(valueBytes);
    transaction.emitted();
    if (planDebt != null) {
      record.settles(planDebt);
      planDebt = null;
    }
    output.accept(record, estimatedBytes);
  }

  /** The source block of the transaction's changes of a table (one per table, reused). */
  private Struct source(TableMapper mapper, boolean snapshot) {
    if (snapshot) {
      return sourceBlock(mapper.relation(), true);
    }
    if (sourceOf != mapper) {
      source = sourceBlock(mapper.relation(), false);
      sourceOf = mapper;
    }
    return source;
  }

  private Struct sourceBlock(RelationMessage relation, boolean snapshot) {
    return SourceBlock.of(
        flow, database, relation, resume.commitLsn(), xid, commitTimeMicros, snapshot);
  }
}
