package io.ductstream.source.pg.decoding;

import java.nio.ByteBuffer;

/**
 * Receives the messages {@link PgOutputDecoder} reads. LSNs are raw 64-bit positions, times are
 * microseconds since the Unix epoch, transaction ids are unsigned 32-bit values in a long. Tuple
 * and buffer arguments are views valid only during the call.
 */
public interface PgOutputHandler {
  void begin(long finalLsn, long commitTimeMicros, long xid);

  void commit(long commitLsn, long endLsn, long commitTimeMicros);

  void relation(RelationMessage relation);

  void insert(int relationId, TupleData newRow);

  /**
   * @param oldRow the old key ({@code oldIsKey}) or the whole old row (REPLICA IDENTITY FULL), or
   *     null when Postgres sent neither
   */
  void update(int relationId, TupleData oldRow, boolean oldIsKey, TupleData newRow);

  void delete(int relationId, TupleData oldRow, boolean oldIsKey);

  /**
   * @param options bit 1: CASCADE, bit 2: RESTART IDENTITY
   */
  void truncate(int[] relationIds, int options);

  /** A pg_logical_emit_message; non-transactional ones arrive outside Begin/Commit. */
  default void message(boolean transactional, long lsn, String prefix, ByteBuffer content) {}

  /** A type Postgres described because a column uses it (non-built-in types). */
  default void type(int typeOid, String schema, String name) {}

  default void origin(long originLsn, String name) {}

  /** Start of a chunk of a transaction still in progress (protocol 2+, streaming on). */
  void streamStart(long xid, boolean firstSegment);

  void streamStop();

  /**
   * A message inside a stream chunk, whole and unread: type byte, then the (sub)transaction id,
   * then the message body. Give it back to {@link PgOutputDecoder#decodeStreamed} when the
   * transaction commits.
   */
  void streamedMessage(long xid, byte type, ByteBuffer message);

  void streamCommit(long xid, long commitLsn, long endLsn, long commitTimeMicros);

  /** {@code subXid == xid} aborts the whole streamed transaction, else only that subtransaction. */
  void streamAbort(long xid, long subXid);
}
