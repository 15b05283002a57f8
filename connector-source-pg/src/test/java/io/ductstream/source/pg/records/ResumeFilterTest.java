package io.ductstream.source.pg.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeFilterTest {
  private static final int WHOLE = Integer.MAX_VALUE;

  /** Runs a transaction of {@code changes} through the filter: the numbers of those emitted. */
  private static List<Integer> transaction(ResumeFilter filter, long lsn, int changes) {
    List<Integer> emitted = new ArrayList<>();
    filter.begin(lsn);
    for (int i = 0; i < changes; i++) {
      if (!filter.skipNext()) {
        emitted.add(filter.txEvent());
      }
    }
    filter.commit();
    return emitted;
  }

  @Test
  void fromTheStartEverythingIsEmittedAndNumberedFromOne() {
    ResumeFilter filter = new ResumeFilter(SourceOffsets.Position.START);
    assertThat(transaction(filter, 100, 3)).containsExactly(1, 2, 3);
    assertThat(filter.lastEmitted()).isEqualTo(new SourceOffsets.Position(100, WHOLE));
  }

  @Test
  void transactionsHandedOverBeforeAreSkippedWholeAndLaterOnesEmitted() {
    ResumeFilter filter = new ResumeFilter(new SourceOffsets.Position(200, WHOLE));
    assertThat(filter.begin(100)).as("committed before the resume position").isTrue();
    assertThat(filter.skipNext()).isTrue();
    assertThat(filter.commit()).isTrue();
    assertThat(transaction(filter, 200, 2)).as("the resume position's own, done").isEmpty();
    assertThat(transaction(filter, 300, 2)).containsExactly(1, 2);
  }

  @Test
  void aCrashMidTransactionResumesAfterTheLastChangeHandedOver() {
    ResumeFilter filter = new ResumeFilter(new SourceOffsets.Position(200, 3));
    assertThat(filter.begin(200)).as("half delivered: not skipped whole").isFalse();
    List<Integer> emitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      if (!filter.skipNext()) {
        emitted.add(filter.txEvent());
      }
      assertThat(filter.lastEmitted()).isEqualTo(new SourceOffsets.Position(200, filter.txEvent()));
    }
    assertThat(emitted).containsExactly(4, 5);
    assertThat(filter.commit()).isFalse();
  }

  @Test
  void aReconnectInsideATransactionSkipsWhatThisConnectionAlreadyHandedOver() {
    ResumeFilter filter = new ResumeFilter(SourceOffsets.Position.START);
    filter.begin(500);
    filter.skipNext();
    filter.skipNext(); // two changes handed over, then the connection is lost
    SourceOffsets.Position lost = filter.lastEmitted();
    assertThat(lost).isEqualTo(new SourceOffsets.Position(500, 2));
    filter.reconnected(lost);
    assertThat(transaction(filter, 400, 1)).as("sent again by the server: done").isEmpty();
    assertThat(transaction(filter, 500, 4)).containsExactly(3, 4);
  }

  @Test
  void everyChangeCountsSoANarrowerTableListResumesAtTheSameChange() {
    // changes 1-5 of a transaction: the previous run captured 1, 3 and 5 and handed over up to 3
    ResumeFilter filter = new ResumeFilter(new SourceOffsets.Position(700, 3));
    filter.begin(700);
    List<Integer> emitted = new ArrayList<>();
    for (int change = 1; change <= 5; change++) {
      boolean skip = filter.skipNext(); // counted whether or not the table is captured now
      boolean capturedNow = change != 5 && change % 2 == 1 || change == 4;
      if (!skip && capturedNow) {
        emitted.add(filter.txEvent());
      }
    }
    assertThat(emitted)
        .as("numbers are WAL positions in the transaction, not records")
        .containsExactly(4);
  }

  @Test
  void anEmptyTransactionMovesTheResumePositionPastIt() {
    ResumeFilter filter = new ResumeFilter(SourceOffsets.Position.START);
    assertThat(transaction(filter, 900, 0)).isEmpty();
    assertThat(filter.lastEmitted()).isEqualTo(new SourceOffsets.Position(900, WHOLE));
    assertThat(filter.inTransaction()).isFalse();
  }
}
