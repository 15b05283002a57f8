package io.ductstream.source.pg.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotProgressTest {
  private static KeyRange range(String lo, String hi) {
    return new KeyRange(lo == null ? null : List.of(lo), hi == null ? null : List.of(hi));
  }

  private static Chunk chunk(String table, int slot, int index, String lo, String hi) {
    return new Chunk(table, range(lo, hi), ProgressLedger.order(slot, index));
  }

  @Test
  void chunksCompletedOutOfOrderMergeInKeyOrder() {
    ProgressLedger ledger = new ProgressLedger(SnapshotProgress.NONE);
    ledger.complete(chunk("public.t", 0, 2, "200", "300"));
    ledger.complete(chunk("public.t", 0, 0, null, "100"));
    assertThat(ledger.progress()).isEqualTo(SnapshotProgress.decode("public.t@0=~!100/200!300"));

    ledger.complete(chunk("public.t", 0, 1, "100", "200"));
    ledger.complete(chunk("public.t", 0, 3, "300", null));
    SnapshotProgress done = ledger.progress();
    assertThat(done).isEqualTo(SnapshotProgress.decode("public.t@0=~!~"));
    assertThat(done.complete(List.of("public.t"))).isTrue();
    assertThat(done.table("public.t").gaps()).isEmpty();
  }

  @Test
  void gapsAreWhatIsLeftInKeyOrderAndNewChunksSortBetweenTheDoneRanges() {
    SnapshotProgress stored = SnapshotProgress.decode("public.t@0=10!20/30!40");
    List<SnapshotProgress.Gap> gaps = stored.table("public.t").gaps();
    assertThat(gaps)
        .containsExactly(
            new SnapshotProgress.Gap(range(null, "10"), 0),
            new SnapshotProgress.Gap(range("20", "30"), 2),
            new SnapshotProgress.Gap(range("40", null), 4));

    ProgressLedger ledger = new ProgressLedger(stored);
    ledger.complete(chunk("public.t", 2, 0, "20", "25"));
    ledger.complete(chunk("public.t", 2, 1, "25", "30"));
    ledger.complete(chunk("public.t", 0, 0, null, "10"));
    assertThat(ledger.progress()).isEqualTo(SnapshotProgress.decode("public.t@0=~!40"));
  }

  @Test
  void anyKeyValueRoundTripsThroughTheEncoding() {
    List<String> composite = List.of("a,b;c", "", "~", "x!y/z@=%é\n'");
    KeyRange tricky = new KeyRange(composite, List.of("zz", "1"));
    SnapshotProgress progress =
        new SnapshotProgress(
            java.util.Map.of(
                "odd.na;me@=",
                new SnapshotProgress.TableProgress(0, List.of(tricky)),
                "public.blocks",
                new SnapshotProgress.TableProgress(16384, List.of(KeyRange.blocks(-1, 12)))));
    String encoded = progress.encode();
    assertThat(SnapshotProgress.decode(encoded)).isEqualTo(progress);
    assertThat(SnapshotProgress.decode(encoded).table("public.blocks").filenode()).isEqualTo(16384);
    assertThat(SnapshotProgress.decode("")).isEqualTo(SnapshotProgress.NONE);
  }

  @Test
  void aMalformedStoredProgressIsNamed() {
    assertThatThrownBy(() -> SnapshotProgress.decode("public.t=1!2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stored snapshot progress \"public.t=1!2\" is malformed");
  }

  @Test
  void aTableIsCompleteOnlyWhenOneUnboundedRangeCoversIt() {
    SnapshotProgress partial = SnapshotProgress.decode("public.a@0=~!~;public.b@0=~!5");
    assertThat(partial.complete(List.of("public.a"))).isTrue();
    assertThat(partial.complete(List.of("public.a", "public.b"))).isFalse();
    assertThat(partial.complete(List.of("public.a", "public.c"))).isFalse();
  }

  @Test
  void progressIsWrittenAsJsonAndOffsetsStoredInTheCompactFormStillResume() {
    // literal values of the "snapshot" offset entry written by earlier versions
    SnapshotProgress old =
        SnapshotProgress.decode("public.a@0=~!~;public.b@0=~!5/7!9;public.blocks@16384=~!12");
    assertThat(old.complete(List.of("public.a"))).isTrue();
    assertThat(old.table("public.b").done()).containsExactly(range(null, "5"), range("7", "9"));
    assertThat(old.table("public.blocks").filenode()).isEqualTo(16384);
    SnapshotProgress composite = SnapshotProgress.decode("public.c@0=1,a%2Cb!2,%7E");
    assertThat(composite.table("public.c").done())
        .containsExactly(new KeyRange(List.of("1", "a,b"), List.of("2", "~")));

    String written = old.encode();
    assertThat(written)
        .startsWith("{")
        .contains("\"public.b\":{\"filenode\":0,\"done\":[[null,[\"5\"]],[[\"7\"],[\"9\"]]]}");
    assertThat(SnapshotProgress.decode(written)).isEqualTo(old);
    assertThatThrownBy(() -> SnapshotProgress.decode("{\"tables\":{\"public.t\":{}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stored snapshot progress");
  }
}
