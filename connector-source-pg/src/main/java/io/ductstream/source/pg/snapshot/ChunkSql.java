package io.ductstream.source.pg.snapshot;

import java.util.List;

/**
 * The SQL of chunk reading and planning. Bounds are inlined as typed literals ({@code COPY} takes
 * no parameters); the reader connections run with standard_conforming_strings on, so doubling
 * single quotes is the whole escaping.
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
    sql.append(" FROM ").append(table.quotedName());
    appendWhere(sql, table, range);
    return sql.append(") TO STDOUT (FORMAT binary)").toString();
  }

  /**
   * The key {@code rows} rows after {@code lo} (inclusive) within {@code range}: the next chunk
   * boundary, or no row when fewer rows remain.
   */
  static String nextBoundary(SnapshotTable table, KeyRange range, int rows) {
    StringBuilder sql = new StringBuilder(256).append("SELECT ");
    List<SnapshotTable.Column> key = table.keyColumns();
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      // Aliased: ORDER BY "k" would otherwise sort by the text output column named "k".
      sql.append(key.get(i).quotedName()).append("::text AS b").append(i);
    }
    sql.append(" FROM ").append(table.quotedName());
    appendWhere(sql, table, range);
    sql.append(" ORDER BY ");
    appendKey(sql, table);
    return sql.append(" OFFSET ").append(rows).append(" LIMIT 1").toString();
  }

  private static void appendWhere(StringBuilder sql, SnapshotTable table, KeyRange range) {
    boolean where = false;
    if (range.lo() != null) {
      sql.append(" WHERE ");
      appendCompare(sql, table, ">=", range.lo());
      where = true;
    }
    if (range.hi() != null) {
      sql.append(where ? " AND " : " WHERE ");
      appendCompare(sql, table, "<", range.hi());
    }
  }

  private static void appendCompare(
      StringBuilder sql, SnapshotTable table, String operator, List<String> bound) {
    if (table.byCtid()) {
      sql.append("ctid ").append(operator).append(" '(").append(Long.parseLong(bound.get(0)));
      sql.append(",0)'::tid");
      return;
    }
    List<SnapshotTable.Column> key = table.keyColumns();
    boolean row = key.size() > 1;
    if (row) {
      sql.append('(');
    }
    appendKey(sql, table);
    sql.append(row ? ") " : " ").append(operator).append(row ? " (" : " ");
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      appendLiteral(sql, bound.get(i));
      sql.append("::").append(key.get(i).sqlType());
    }
    if (row) {
      sql.append(')');
    }
  }

  private static void appendKey(StringBuilder sql, SnapshotTable table) {
    List<SnapshotTable.Column> key = table.keyColumns();
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(key.get(i).quotedName());
    }
  }

  /**
   * An escape-string literal ({@code E'...'}, quotes and backslashes doubled): it reads the same
   * whatever standard_conforming_strings a session has, so a key value cannot end the literal.
   */
  static void appendLiteral(StringBuilder sql, String value) {
    sql.append("E'").append(value.replace("\\", "\\\\").replace("'", "''")).append('\'');
  }
}
