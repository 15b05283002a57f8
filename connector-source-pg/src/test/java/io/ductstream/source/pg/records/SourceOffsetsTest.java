package io.ductstream.source.pg.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceOffsetsTest {
  @Test
  void positionCoversEarlierTransactionsAndEarlierEventsOfItsOwn() {
    SourceOffsets.Position position = new SourceOffsets.Position(1000, 3);
    assertThat(position.covers(999, 50)).isTrue();
    assertThat(position.covers(1000, 3)).isTrue();
    assertThat(position.covers(1000, 4)).isFalse();
    assertThat(position.covers(1001, 1)).isFalse();
    assertThat(position.within(1000)).isTrue();
  }

  @Test
  void storedOffsetRoundTripsAndMissingOffsetStartsFromScratch() {
    Map<String, Object> stored = SourceOffsets.offset(1000, 3);
    assertThat(SourceOffsets.Position.from(stored)).isEqualTo(new SourceOffsets.Position(1000, 3));
    assertThat(SourceOffsets.Position.from(null)).isEqualTo(SourceOffsets.Position.START);
    assertThat(SourceOffsets.Position.START.covers(1, 1)).isFalse();
  }

  @Test
  void lsnsAboveTheSignedRangeCompareUnsigned() {
    SourceOffsets.Position high = new SourceOffsets.Position(-2, 1); // 0xFFFFFFFF/FFFFFFFE
    assertThat(high.covers(5, 1)).isTrue();
  }
}
