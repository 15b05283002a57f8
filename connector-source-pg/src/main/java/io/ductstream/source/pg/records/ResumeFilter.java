package io.ductstream.source.pg.records;

/**
 * The exactly-once core of the stream: numbers the change messages of each transaction and says
 * which ones a previous run or connection already handed over, so that a resumed stream repeats
 * none. Every change message is counted, captured or not, so the numbers of a transaction do not
 * depend on the table list: a half-delivered transaction resumes at the same change after the list
 * changed. Pure: it reads no database and emits nothing.
 */
public final class ResumeFilter {
  private SourceOffsets.Position resume;
  private boolean inTransaction;
  private boolean skipWhole;
  private long commitLsn;
  private int txEvent;

  /**
   * @param resume everything at or before it was handed over
   */
  public ResumeFilter(SourceOffsets.Position resume) {
    this.resume = resume;
  }

  /**
   * A transaction committing at {@code finalLsn} begins.
   *
   * @return true when all of it was handed over before and none of it is to be emitted
   */
  public boolean begin(long finalLsn) {
    inTransaction = true;
    commitLsn = finalLsn;
    txEvent = 0;
    skipWhole = resume.covers(finalLsn, Integer.MAX_VALUE) && !resume.within(finalLsn);
    return skipWhole;
  }

  /** Numbers the transaction's next change; true when it was handed over before (skip it). */
  public boolean skipNext() {
    txEvent++;
    return skipWhole || resume.covers(commitLsn, txEvent);
  }

  /**
   * The transaction committed: all of it is behind the stream now.
   *
   * @return true when all of it had been handed over before (it was skipped whole)
   */
  public boolean commit() {
    inTransaction = false;
    boolean skipped = skipWhole;
    skipWhole = false;
    if (!skipped) {
      // a transaction skipped whole lies at or before the resume position: it stays where it is
      resume = new SourceOffsets.Position(commitLsn, Integer.MAX_VALUE);
    }
    return skipped;
  }

  /** After a reconnect: everything up to {@code position} is skipped when it comes again. */
  public void reconnected(SourceOffsets.Position position) {
    resume = position;
  }

  /** The last change handed over, as a resume position. */
  public SourceOffsets.Position lastEmitted() {
    return inTransaction && !skipWhole ? new SourceOffsets.Position(commitLsn, txEvent) : resume;
  }

  /** True between a transaction's begin and its commit. */
  public boolean inTransaction() {
    return inTransaction;
  }

  /** True while the current transaction is skipped whole. */
  public boolean skippingWhole() {
    return skipWhole;
  }

  /** The commit LSN of the current (or last) transaction. */
  public long commitLsn() {
    return commitLsn;
  }

  /** The number of the current change within its transaction, from 1. */
  public int txEvent() {
    return txEvent;
  }
}
