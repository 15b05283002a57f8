package io.ductstream.controlplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.source.pg.records.ChangeRecord;
import io.ductstream.source.pg.records.TransactionAcks;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingAcksTest {
  private static final Map<String, Object> PARTITION = Map.of("database", "d", "slot", "s");
  private final TransactionAcks acks = new TransactionAcks(0);

  private static ChangeRecord streamed(TransactionAcks.Transaction tx, int event) {
    return new ChangeRecord(
        tx, PARTITION, Map.of("lsn", 100L, "tx_event", event), "t", null, null, null, null, null);
  }

  private static ChangeRecord snapshot(Map<String, Object> offset, boolean resumable) {
    return new ChangeRecord(null, PARTITION, offset, "t", null, null, null, null, null, resumable);
  }

  @Test
  void aGroupCarriesTheSignalTransactionsItsRecordsSettleAndTellsTheTaskOnceEach() {
    PendingAcks pending = new PendingAcks();
    TransactionAcks.Transaction signal = acks.open(50);
    TransactionAcks.Transaction a = acks.open(100);
    ChangeRecord first = streamed(a, 1);
    first.settles(signal);
    pending.add(1, first);
    pending.add(2, streamed(a, 2));

    PendingAcks.Group group = pending.take(1).get(0);
    assertThat(group.count).isEqualTo(2);
    assertThat(group.settlements()).hasSize(1);
    ChangeRecord settlement = (ChangeRecord) group.settlements().get(0);
    assertThat(settlement.settles()).isSameAs(signal);
    assertThat(settlement.transaction()).as("counts against no transaction of its own").isNull();
    assertThat(((ChangeRecord) group.acknowledgement()).settles()).isNull();
  }

  @Test
  void recordsOfOneTransactionFormOneGroupEndingAtTheLastRecordsOffset() {
    PendingAcks pending = new PendingAcks();
    TransactionAcks.Transaction a = acks.open(100);
    TransactionAcks.Transaction b = acks.open(200);
    pending.add(1, streamed(a, 1));
    pending.add(2, streamed(a, 2));
    pending.add(3, streamed(b, 1));

    assertThat(pending.groups()).isEqualTo(2);
    assertThat(pending.committable(3)).isEqualTo(1);
    PendingAcks.Group first = pending.take(1).get(0);
    assertThat(first.count).isEqualTo(2);
    assertThat(first.last).isEqualTo(2);
    assertThat(first.offset.get("tx_event")).isEqualTo(2);
    assertThat(((ChangeRecord) first.acknowledgement()).transaction()).isSameAs(a);
  }

  @Test
  void nothingIsCommittableUntilAGroupIsDurableToItsEnd() {
    PendingAcks pending = new PendingAcks();
    TransactionAcks.Transaction a = acks.open(100);
    pending.add(10, streamed(a, 1));
    pending.add(11, streamed(a, 2));

    assertThat(pending.committable(11)).isZero(); // record 11 is not durable yet
    assertThat(pending.committable(12)).isEqualTo(1);
  }

  @Test
  void snapshotRowsAreCommittedOnlyUpToTheLastResumablePoint() {
    PendingAcks pending = new PendingAcks();
    Map<String, Object> before = Map.of("lsn", 5L, "snapshot", "a");
    Map<String, Object> chunkDone = Map.of("lsn", 5L, "snapshot", "b");
    Map<String, Object> later = Map.of("lsn", 5L, "snapshot", "c");
    pending.add(1, snapshot(before, false));
    pending.add(2, snapshot(before, false));
    pending.add(3, snapshot(chunkDone, true)); // the end of a hand-over with no chunk left open
    pending.add(4, snapshot(chunkDone, false)); // another chunk begins, same offset
    pending.add(5, snapshot(later, false)); // the end of a hand-over with a chunk still open

    assertThat(pending.committable(6)).isEqualTo(2);
    assertThat(pending.endsResumable()).isFalse();
    assertThat(pending.tailHasSnapshotRows(2)).isTrue();
    assertThat(pending.peek(2).get(1).offset).isSameAs(chunkDone);
  }

  @Test
  void aTailOfStreamedChangesReplaysAlike() {
    PendingAcks pending = new PendingAcks();
    pending.add(1, snapshot(Map.of("lsn", 5L), true));
    TransactionAcks.Transaction a = acks.open(100);
    pending.add(2, streamed(a, 1));

    assertThat(pending.tailHasSnapshotRows(1)).isFalse();
    assertThat(pending.tailHasSnapshotRows(0)).isTrue();
    assertThat(pending.endsResumable()).isTrue();
  }
}
