package io.ductstream.source.pg.snapshot;

import java.util.List;

/**
 * A half-open range {@code [lo, hi)} of one table's rows: bounds are key tuples in the key columns'
 * text form (a table read by primary key or replica identity index), or one block number (a table
 * read by ctid). A null bound is unbounded. Bounds are values, not positions in a plan, so a range
 * means the same rows after a restart.
 */
public record KeyRange(List<String> lo, List<String> hi) {
  /** The whole table. */
  public static final KeyRange ALL = new KeyRange(null, null);

  public KeyRange {
    lo = lo == null ? null : List.copyOf(lo);
    hi = hi == null ? null : List.copyOf(hi);
  }

  /** The block-number bounds of a ctid range; -1 for an unbounded side. */
  public static KeyRange blocks(long lo, long hi) {
    return new KeyRange(
        lo < 0 ? null : List.of(Long.toString(lo)), hi < 0 ? null : List.of(Long.toString(hi)));
  }

  /** The lower bound as a block number, 0 when unbounded. */
  public long loBlock() {
    return lo == null ? 0 : Long.parseLong(lo.get(0));
  }

  /** The upper bound as a block number, -1 when unbounded. */
  public long hiBlock() {
    return hi == null ? -1 : Long.parseLong(hi.get(0));
  }
}
