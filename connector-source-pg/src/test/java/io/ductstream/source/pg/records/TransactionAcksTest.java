package io.ductstream.source.pg.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransactionAcksTest {
  private final TransactionAcks acks = new TransactionAcks(0);

  @Test
  void transactionIsConfirmedOnlyWhenAllItsRecordsAreAcknowledged() {
    TransactionAcks.Transaction tx = acks.open(100);
    tx.emitted();
    tx.emitted();
    acks.close(tx, 120);
    assertThat(acks.confirmedLsn()).isZero();
    acks.ack(tx);
    assertThat(acks.confirmedLsn()).isZero();
    acks.ack(tx);
    assertThat(acks.confirmedLsn()).isEqualTo(120);
  }

  @Test
  void laterTransactionWaitsForEarlierOnes() {
    TransactionAcks.Transaction first = acks.open(100);
    first.emitted();
    acks.close(first, 120);
    TransactionAcks.Transaction second = acks.open(200);
    second.emitted();
    acks.close(second, 220);

    acks.ack(second);
    assertThat(acks.confirmedLsn()).as("second is durable, first is not").isZero();
    acks.ack(first);
    assertThat(acks.confirmedLsn()).isEqualTo(220);
    assertThat(acks.inFlight()).isZero();
  }

  @Test
  void recordsAcknowledgedBeforeTheirTransactionClosesDoNotConfirmIt() {
    TransactionAcks.Transaction tx = acks.open(100);
    tx.emitted();
    acks.ack(tx);
    assertThat(acks.confirmedLsn()).as("commit not seen yet").isZero();
    tx.emitted();
    acks.close(tx, 130);
    assertThat(acks.confirmedLsn()).isZero();
    acks.ack(tx);
    assertThat(acks.confirmedLsn()).isEqualTo(130);
  }

  @Test
  void idlePositionIsConfirmedAfterEverythingBeforeIt() {
    TransactionAcks.Transaction tx = acks.open(100);
    tx.emitted();
    acks.close(tx, 120);
    acks.idleAt(500);
    assertThat(acks.confirmedLsn()).isZero();
    acks.ack(tx);
    assertThat(acks.confirmedLsn()).isEqualTo(500);
    acks.idleAt(400);
    assertThat(acks.confirmedLsn()).as("never goes back").isEqualTo(500);
  }

  @Test
  void aBarrierHoldsTransactionsAndIdleAdvancesUntilItsRecordsAreAcknowledged() {
    TransactionAcks.Transaction barrier = acks.await(100, 2);
    TransactionAcks.Transaction tx = acks.open(200);
    tx.emitted();
    acks.close(tx, 220);
    acks.ack(tx);
    acks.idleAt(300);
    assertThat(acks.confirmedLsn()).as("two snapshot rows not acknowledged").isZero();
    acks.ack(barrier);
    assertThat(acks.confirmedLsn()).isZero();
    acks.ack(barrier);
    assertThat(acks.confirmedLsn()).isEqualTo(300);
    assertThat(acks.inFlight()).isZero();
  }

  @Test
  void aBarrierWithNothingOutstandingConfirmsItsPosition() {
    acks.await(100, 0);
    assertThat(acks.confirmedLsn()).isEqualTo(100);
    acks.idleAt(150);
    assertThat(acks.confirmedLsn()).isEqualTo(150);
  }

  @Test
  void emptyTransactionConfirmsAtOnceWhenFirstInLine() {
    acks.close(acks.open(100), 150);
    assertThat(acks.confirmedLsn()).isEqualTo(150);
  }

  @Test
  void emptyTransactionsWhileTheRuntimeIsSlowFoldIntoOneNode() {
    TransactionAcks.Transaction slow = acks.open(100);
    slow.emitted();
    acks.close(slow, 120);
    // A busy database whose changes are not captured, and idle advances, while Kafka is down.
    for (long lsn = 200; lsn < 2_000_200; lsn += 2) {
      if (lsn % 4 == 0) {
        acks.close(acks.open(lsn), lsn + 1);
      } else {
        acks.idleAt(lsn);
      }
    }
    assertThat(acks.inFlight()).as("memory does not grow with the transactions").isEqualTo(1);
    assertThat(acks.confirmedLsn()).isZero();
    acks.ack(slow);
    assertThat(acks.confirmedLsn()).isEqualTo(2_000_198);
    assertThat(acks.inFlight()).isZero();
  }

  @Test
  void anEmptyTransactionFoldsIntoTheOneBeforeItButStillWaitsForItsRecords() {
    TransactionAcks.Transaction first = acks.open(100);
    first.emitted();
    acks.close(first, 120);
    acks.close(acks.open(130), 140); // empty
    TransactionAcks.Transaction third = acks.open(150);
    third.emitted();
    acks.close(third, 160);
    acks.close(acks.open(170), 180); // empty
    assertThat(acks.inFlight()).isEqualTo(2);

    acks.ack(third);
    assertThat(acks.confirmedLsn()).as("the first is not durable yet").isZero();
    acks.ack(first);
    assertThat(acks.confirmedLsn()).isEqualTo(180);
  }

  @Test
  void anEmptyTransactionAfterConfirmedOnesIsConfirmedAtOnce() {
    TransactionAcks.Transaction first = acks.open(100);
    first.emitted();
    acks.close(first, 120);
    acks.ack(first);
    acks.close(acks.open(130), 140);
    assertThat(acks.confirmedLsn()).isEqualTo(140);
    assertThat(acks.inFlight()).isZero();
    TransactionAcks.Transaction next = acks.open(150);
    next.emitted();
    acks.close(next, 160);
    acks.close(acks.open(170), 180);
    assertThat(acks.inFlight()).isEqualTo(1);
    acks.ack(next);
    assertThat(acks.confirmedLsn()).isEqualTo(180);
  }

  @Test
  void anOpenTransactionIsNotFoldedInto() {
    TransactionAcks.Transaction open = acks.open(100);
    open.emitted();
    TransactionAcks.Transaction idle =
        acks.open(110); // e.g. interleaved; folds only into closed ones
    acks.close(idle, 115);
    acks.ack(open);
    assertThat(acks.confirmedLsn()).as("the open one holds everything after it").isZero();
    acks.close(open, 105);
    assertThat(acks.confirmedLsn()).isEqualTo(115);
  }
}
