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
  void emptyTransactionConfirmsAtOnceWhenFirstInLine() {
    acks.close(acks.open(100), 150);
    assertThat(acks.confirmedLsn()).isEqualTo(150);
  }
}
