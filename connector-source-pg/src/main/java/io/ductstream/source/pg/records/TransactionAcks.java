package io.ductstream.source.pg.records;

/**
 * Tracks which transactions the runtime has made durable and so how far the slot may be confirmed.
 * Transactions are confirmed strictly in commit order: the confirmed position is the end LSN of the
 * last transaction whose records were all acknowledged and before which every transaction was. The
 * reader thread opens and closes transactions; the runtime's threads acknowledge records.
 *
 * <p>Memory stays bounded while the runtime is slow: a transaction that closes without records (an
 * empty transaction, changes of tables not captured, an idle advance of the stream) is folded into
 * the closed transaction before it, whose end it takes, so only transactions with records in flight
 * (bounded by the task's queue and the runtime's buffers) take a node each.
 */
public final class TransactionAcks {
  /** One transaction in flight. {@code emitted} is written by the reader thread only. */
  public static final class Transaction {
    private final long commitLsn;
    private long endLsn;
    private int emitted;
    private int acked;
    private boolean closed;
    private Transaction next;

    private Transaction(long commitLsn) {
      this.commitLsn = commitLsn;
    }

    public long commitLsn() {
      return commitLsn;
    }

    /** Counts one more record handed to the runtime; reader thread only, before close. */
    public void emitted() {
      emitted++;
    }
  }

  private Transaction head;
  private Transaction tail;

  /**
   * The node before {@link #tail} when it was opened (null if none): what an empty tail folds into.
   */
  private Transaction beforeTail;

  private volatile long confirmedLsn;

  public TransactionAcks(long confirmedLsn) {
    this.confirmedLsn = confirmedLsn;
  }

  /** Starts tracking a transaction; its records are counted with {@link Transaction#emitted}. */
  public synchronized Transaction open(long commitLsn) {
    Transaction transaction = new Transaction(commitLsn);
    if (tail == null) {
      head = transaction;
    } else {
      tail.next = transaction;
    }
    beforeTail = tail;
    tail = transaction;
    return transaction;
  }

  /** All records of the transaction are emitted; once they are acknowledged, confirm endLsn. */
  public synchronized void close(Transaction transaction, long endLsn) {
    transaction.endLsn = endLsn;
    transaction.closed = true;
    if (transaction == tail
        && transaction.emitted == 0
        && transaction != head // else the one before it is confirmed and gone
        && beforeTail != null
        && beforeTail.closed
        && beforeTail.next == transaction) {
      // Nothing of it to wait for: confirming the one before it now confirms up to its end.
      beforeTail.endLsn = endLsn;
      beforeTail.next = null;
      tail = beforeTail;
      beforeTail = null;
    }
    advance();
  }

  /**
   * Holds every confirmation until {@code outstanding} more acknowledgements come through {@link
   * #ack} of the returned node: the records handed over outside any transaction before the stream
   * started (an initial snapshot's rows still on their way), so neither a streamed transaction nor
   * an idle advance confirms a position past them before they are durable. Call before the stream
   * opens its first transaction.
   */
  public synchronized Transaction await(long lsn, int outstanding) {
    Transaction barrier = open(lsn);
    barrier.emitted = outstanding;
    close(barrier, lsn);
    return barrier;
  }

  /** The runtime made one record of the transaction durable. */
  public synchronized void ack(Transaction transaction) {
    transaction.acked++;
    advance();
  }

  /**
   * The stream is idle at {@code lsn}: every change before it has been handed over. Confirm it once
   * everything before it is acknowledged, so an idle slot does not pin WAL.
   */
  public synchronized void idleAt(long lsn) {
    long last = tail == null ? confirmedLsn : tail.endLsn;
    if (Long.compareUnsigned(lsn, last) > 0) {
      close(open(lsn), lsn);
    }
  }

  /** Highest LSN whose changes are all durable; 0 until something is. */
  public long confirmedLsn() {
    return confirmedLsn;
  }

  /** Transactions not yet confirmed. */
  public synchronized int inFlight() {
    int count = 0;
    for (Transaction t = head; t != null; t = t.next) {
      count++;
    }
    return count;
  }

  private void advance() {
    while (head != null && head.closed && head.acked >= head.emitted) {
      if (Long.compareUnsigned(head.endLsn, confirmedLsn) > 0) {
        confirmedLsn = head.endLsn;
      }
      head = head.next;
    }
    if (head == null) {
      tail = null;
      beforeTail = null;
    }
  }
}
