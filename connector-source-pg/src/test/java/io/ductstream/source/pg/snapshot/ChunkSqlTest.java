package io.ductstream.source.pg.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkSqlTest {
  private static final SnapshotTable.Column A = new SnapshotTable.Column("\"a\"", "integer", true);
  private static final SnapshotTable.Column B = new SnapshotTable.Column("\"b\"", "text", true);
  private static final SnapshotTable.Column G = new SnapshotTable.Column("\"g\"", "point", false);

  private static SnapshotTable table(List<SnapshotTable.Column> key) {
    return new SnapshotTable(
        "public.t", "\"public\".\"t\"", null, List.of(A, B, G), key, 1, 10, 1, 10);
  }

  @Test
  void compositeKeysUseRowComparisonWithTypedLiteralsAndTextForTypesWithoutBinary() {
    KeyRange range = new KeyRange(List.of("1", "it's \\'"), List.of("2", ""));
    // Escape-string literals: quotes and backslashes doubled, read the same whatever
    // standard_conforming_strings the session has.
    assertThat(ChunkSql.copy(table(List.of(A, B)), range))
        .isEqualTo(
            "COPY (SELECT \"a\", \"b\", \"g\"::text FROM \"public\".\"t\" WHERE (\"a\", \"b\") >="
                + " (E'1'::integer, E'it''s \\\\'''::text) AND (\"a\", \"b\") < (E'2'::integer,"
                + " E''::text)) TO STDOUT (FORMAT binary)");
  }

  @Test
  void boundarySamplingOrdersByTheKeyNotItsTextForm() {
    assertThat(ChunkSql.nextBoundary(table(List.of(A)), new KeyRange(List.of("7"), null), 1000))
        .isEqualTo(
            "SELECT \"a\"::text AS b0 FROM \"public\".\"t\" WHERE \"a\" >= E'7'::integer"
                + " ORDER BY \"a\" OFFSET 1000 LIMIT 1");
  }

  @Test
  void tablesWithoutKeyAreReadInBlockRanges() {
    assertThat(ChunkSql.copy(table(List.of()), KeyRange.blocks(8, 16)))
        .endsWith("WHERE ctid >= '(8,0)'::tid AND ctid < '(16,0)'::tid) TO STDOUT (FORMAT binary)");
    assertThat(ChunkSql.copy(table(List.of()), KeyRange.ALL))
        .isEqualTo(
            "COPY (SELECT \"a\", \"b\", \"g\"::text FROM \"public\".\"t\") TO STDOUT (FORMAT binary)");
  }

  @Test
  void blockChunksFollowTheRowsPerBlockEstimate() {
    ChunkPlanner planner = new ChunkPlanner(List.of(), SnapshotProgress.NONE, 1000);
    assertThat(planner.blocksPerChunk(table(List.of()))).isEqualTo(100);
    SnapshotTable unknown =
        new SnapshotTable("public.t", "\"public\".\"t\"", null, List.of(A), List.of(), 1, -1, 5, 0);
    assertThat(planner.blocksPerChunk(unknown))
        .isEqualTo(1000 / ChunkPlanner.DEFAULT_ROWS_PER_BLOCK);
  }
}
