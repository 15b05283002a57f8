package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.catalog.KeyRangeSql;
import java.util.List;

/**
 * The SQL of chunk reading and planning, through the table's {@link KeyRangeSql}. Bounds are
 * inlined as typed literals ({@code COPY} takes no parameters).
 */
final class ChunkSql {
  private ChunkSql() {}

  /** {@code COPY (SELECT ... WHERE range) TO STDOUT (FORMAT binary)} of a table's chunk. */
  static String copy(SnapshotTable table, KeyRange range) {
    StringBuilder sql = new StringBuilder(256).append("COPY (SELECT ");
    List<SnapshotTable.Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      SnapshotTable.Column column = columns.get(i);
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(column.quotedName());
      if (!column.binary()) {
        sql.append("::text"); // a type without a binary decoder: its text form, in binary COPY
      }
    }
    table.keyRangeSql().appendFrom(sql, range.lo(), range.hi(), KeyRangeSql.Values.INLINE);
    return sql.append(") TO STDOUT (FORMAT binary)").toString();
  }

  /**
   * The key {@code rows} rows after {@code lo} (inclusive) within {@code range}: the next chunk
   * boundary, or no row when fewer rows remain.
   */
  static String nextBoundary(SnapshotTable table, KeyRange range, int rows) {
    KeyRangeSql key = table.keyRangeSql();
    StringBuilder sql = key.appendKeyText(new StringBuilder(256).append("SELECT "), "b");
    key.appendFrom(sql, range.lo(), range.hi(), KeyRangeSql.Values.INLINE).append(" ORDER BY ");
    return key.appendKey(sql).append(" OFFSET ").append(rows).append(" LIMIT 1").toString();
  }
}
