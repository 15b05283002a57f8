package io.ductstream.source.pg.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the tables into chunks lazily, as readers ask for work, table after table. A table with a
 * key is split by keyset sampling inside the reader's snapshot ({@code ... WHERE key >= lo ORDER BY
 * key OFFSET chunk.rows LIMIT 1} gives the next boundary), composite keys by row comparison; a
 * table without one by block ranges of about {@code chunk.rows} rows (TID range scans on PostgreSQL
 * 14+). Only the gaps the stored progress leaves are planned.
 */
final class ChunkPlanner {
  private static final Logger log = LoggerFactory.getLogger(ChunkPlanner.class);

  /** Rows per block assumed for a table never analyzed. */
  static final int DEFAULT_ROWS_PER_BLOCK = 100;

  private final Deque<TablePlan> plans = new ArrayDeque<>();
  private final int chunkRows;

  /**
   * @param tables the tables, in reading order
   * @param progress what is complete already (for tables whose progress still holds)
   */
  ChunkPlanner(List<SnapshotTable> tables, SnapshotProgress progress, int chunkRows) {
    this.chunkRows = chunkRows;
    for (SnapshotTable table : tables) {
      SnapshotProgress.TableProgress done = progress.table(table.qualifiedName());
      List<SnapshotProgress.Gap> gaps =
          done == null ? List.of(new SnapshotProgress.Gap(KeyRange.ALL, 0)) : done.gaps();
      if (!gaps.isEmpty()) {
        plans.add(new TablePlan(table, gaps));
      }
    }
  }

  /** The tables with something left to read. */
  List<SnapshotTable> tables() {
    List<SnapshotTable> tables = new ArrayList<>();
    plans.forEach(plan -> tables.add(plan.table));
    return tables;
  }

  /**
   * The next chunk to read, planned with {@code connection} (inside the snapshot), or null when
   * every chunk was handed out.
   */
  synchronized Chunk next(Connection connection) throws SQLException {
    while (!plans.isEmpty()) {
      Chunk chunk = plans.peekFirst().next(connection);
      if (chunk != null) {
        log.debug("planned {}", chunk);
        return chunk;
      }
      plans.removeFirst();
    }
    return null;
  }

  /** The blocks per chunk of a ctid-read table. */
  long blocksPerChunk(SnapshotTable table) {
    double perBlock = table.rowsPerBlock() > 0 ? table.rowsPerBlock() : DEFAULT_ROWS_PER_BLOCK;
    return Math.max(1, (long) (chunkRows / perBlock));
  }

  private final class TablePlan {
    private final SnapshotTable table;
    private final List<SnapshotProgress.Gap> gaps;
    private int gap;
    private int index;
    private List<String> lo;
    private boolean started;

    TablePlan(SnapshotTable table, List<SnapshotProgress.Gap> gaps) {
      this.table = table;
      this.gaps = gaps;
    }

    Chunk next(Connection connection) throws SQLException {
      if (gap >= gaps.size()) {
        return null;
      }
      SnapshotProgress.Gap current = gaps.get(gap);
      if (!started) {
        lo = current.range().lo();
        index = 0;
        started = true;
      }
      List<String> gapHi = current.range().hi();
      List<String> hi =
          table.byCtid()
              ? blockBoundary(current.range())
              : keyBoundary(connection, new KeyRange(lo, gapHi));
      KeyRange range = new KeyRange(lo, hi == null ? gapHi : hi);
      Chunk chunk =
          new Chunk(table.qualifiedName(), range, ProgressLedger.order(current.slot(), index++));
      if (hi == null) {
        gap++;
        started = false;
      } else {
        lo = hi;
      }
      return chunk;
    }

    /** The next block boundary inside the gap, or null when the chunk ends the gap. */
    private List<String> blockBoundary(KeyRange gapRange) {
      long start = lo == null ? 0 : Long.parseLong(lo.get(0));
      long end = start + blocksPerChunk(table);
      long gapEnd = gapRange.hiBlock();
      if (gapEnd >= 0 ? end >= gapEnd : end >= table.blocks()) {
        return null; // the last chunk of an unbounded gap stays open: no visible row is missed
      }
      return List.of(Long.toString(end));
    }

    /** The key {@code chunk.rows} rows on, or null when fewer rows remain. */
    private List<String> keyBoundary(Connection connection, KeyRange rest) throws SQLException {
      try (Statement s = connection.createStatement();
          ResultSet row = s.executeQuery(ChunkSql.nextBoundary(table, rest, chunkRows))) {
        if (!row.next()) {
          return null;
        }
        int columns = table.keyColumns().size();
        List<String> key = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          key.add(row.getString(i));
        }
        return key;
      }
    }
  }
}
