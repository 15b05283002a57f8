package io.ductstream.source.pg.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackfillProgressTest {

  @Test
  void progressRoundTripsThroughTheOffset() {
    BackfillProgress progress =
        new BackfillProgress("s1", List.of("public.a", "public.b"), Arrays.asList("7", null));

    BackfillProgress read =
        BackfillProgress.from(Map.of("lsn", 1L, BackfillProgress.OFFSET_KEY, progress.encode()));

    assertThat(read).isEqualTo(progress);
  }

  @Test
  void anOffsetWithoutProgressHasNoBackfill() {
    assertThat(BackfillProgress.from(Map.of("lsn", 1L))).isNull();
    assertThat(BackfillProgress.from(null)).isNull();
  }

  @Test
  void chunksMoveTheKeyAndTheLastChunkMovesToTheNextTable() {
    BackfillProgress start = new BackfillProgress("s1", List.of("public.a", "public.b"), null);

    BackfillProgress afterChunk = start.after(List.of("100"));
    BackfillProgress nextTable = afterChunk.nextTable();

    assertThat(afterChunk.table()).isEqualTo("public.a");
    assertThat(afterChunk.afterKey()).containsExactly("100");
    assertThat(nextTable.table()).isEqualTo("public.b");
    assertThat(nextTable.afterKey()).isNull();
    assertThat(nextTable.nextTable()).isNull();
  }

  @Test
  void anOffsetStoredByAnEarlierVersionResumes() {
    // the literal "backfill" offset entry earlier versions wrote
    Map<String, Object> stored =
        Map.of(
            "lsn",
            1L,
            "tx_event",
            3,
            BackfillProgress.OFFSET_KEY,
            "{\"id\":\"s1\",\"tables\":[\"public.a\",\"public.b\"],\"after\":[\"7\",\"x\"]}");
    BackfillProgress read = BackfillProgress.from(stored);
    assertThat(read)
        .isEqualTo(new BackfillProgress("s1", List.of("public.a", "public.b"), List.of("7", "x")));
    assertThat(read.encode())
        .isEqualTo(
            "{\"id\":\"s1\",\"tables\":[\"public.a\",\"public.b\"],\"after\":[\"7\",\"x\"]}");
    assertThat(
            BackfillProgress.from(
                Map.of(
                    BackfillProgress.OFFSET_KEY,
                    "{\"id\":\"s2\",\"tables\":[\"public.a\"],\"after\":null}")))
        .isEqualTo(new BackfillProgress("s2", List.of("public.a"), null));
  }
}
