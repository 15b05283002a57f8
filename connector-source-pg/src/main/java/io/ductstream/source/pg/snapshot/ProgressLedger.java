package io.ductstream.source.pg.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The completed chunks of a running snapshot, in key order per table (by {@link Chunk#order}), on
 * top of what earlier runs completed. Not thread-safe: the hand-over lock guards it.
 */
final class ProgressLedger {
  private final Map<String, TreeMap<Long, KeyRange>> done = new HashMap<>();
  private final Map<String, Long> filenodes = new HashMap<>();

  /**
   * @param start what earlier runs completed (tables whose progress was discarded left out)
   */
  ProgressLedger(SnapshotProgress start) {
    start
        .tables()
        .forEach(
            (table, progress) -> {
              TreeMap<Long, KeyRange> ranges = new TreeMap<>();
              List<KeyRange> list = progress.done();
              for (int j = 0; j < list.size(); j++) {
                ranges.put(order(2 * j + 1, 0), list.get(j));
              }
              done.put(table, ranges);
              filenodes.put(table, progress.filenode());
            });
  }

  /**
   * The sort key of the {@code index}th chunk planned in the gap (or completed range) {@code slot}.
   */
  static long order(int slot, int index) {
    return ((long) slot << 32) | (index & 0xffff_ffffL);
  }

  void filenode(String table, long filenode) {
    filenodes.put(table, filenode);
  }

  void complete(Chunk chunk) {
    done.computeIfAbsent(chunk.table(), t -> new TreeMap<>()).put(chunk.order(), chunk.range());
  }

  /** Everything completed, merged. */
  SnapshotProgress progress() {
    Map<String, SnapshotProgress.TableProgress> tables = new HashMap<>();
    done.forEach(
        (table, ranges) -> {
          List<KeyRange> merged = new ArrayList<>();
          KeyRange current = null;
          for (KeyRange range : ranges.values()) {
            if (current != null && current.hi() != null && current.hi().equals(range.lo())) {
              current = new KeyRange(current.lo(), range.hi());
            } else {
              if (current != null) {
                merged.add(current);
              }
              current = range;
            }
          }
          if (current != null) {
            merged.add(current);
          }
          tables.put(
              table, new SnapshotProgress.TableProgress(filenodes.getOrDefault(table, 0L), merged));
        });
    return new SnapshotProgress(tables);
  }
}
