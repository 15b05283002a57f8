package io.ductstream.source.pg.catalog;

import java.util.List;

/**
 * The SQL of reading a table in key ranges, for the snapshot's {@code COPY} chunks and boundary
 * sampling and for the backfill's {@code SELECT} chunks: the one place that writes key comparisons.
 * A composite key compares as a row, {@code (a, b) >= (x, y)}, which follows the key's index order.
 * A bound is either inlined as typed literals ({@code COPY} takes no parameters) or left as typed
 * parameters. A table without a key is read in block ranges by {@code ctid}.
 */
public final class KeyRangeSql {
  /** How bound values reach the statement. */
  public enum Values {
    /** Escape-string literals cast to the key's type. */
    INLINE,
    /** {@code ?} parameters cast to the key's type, set as text in key order. */
    PARAMETERS
  }

  private final String table;
  private final List<String> key;
  private final List<String> keyTypes;

  /**
   * @param quotedTable {@code "schema"."table"}
   * @param quotedKey the key columns, quoted, in index order; empty to read by ctid block ranges
   * @param keyTypes each key column's type as SQL, for casting bound values
   */
  public KeyRangeSql(String quotedTable, List<String> quotedKey, List<String> keyTypes) {
    if (quotedKey.size() != keyTypes.size()) {
      throw new IllegalArgumentException("a type for each key column is needed");
    }
    this.table = quotedTable;
    this.key = List.copyOf(quotedKey);
    this.keyTypes = List.copyOf(keyTypes);
  }

  /** The builder for a table's split key (primary key, else replica identity index). */
  public static KeyRangeSql of(TableShape shape) {
    List<TableShape.Column> split = shape.splitKey();
    return new KeyRangeSql(
        shape.id().quoted(),
        split.stream().map(TableShape.Column::quotedName).toList(),
        split.stream().map(TableShape.Column::sqlType).toList());
  }

  /** True when the table has no key and is read by ctid block ranges. */
  public boolean byCtid() {
    return key.isEmpty();
  }

  /**
   * Appends {@code FROM table} and the condition {@code lo <= key < hi}; a null bound is unbounded.
   * By ctid, the bounds are one block number each.
   */
  public StringBuilder appendFrom(
      StringBuilder sql, List<String> lo, List<String> hi, Values values) {
    sql.append(" FROM ").append(table);
    boolean where = false;
    if (lo != null) {
      sql.append(" WHERE ");
      appendCompare(sql, ">=", lo, values);
      where = true;
    }
    if (hi != null) {
      sql.append(where ? " AND " : " WHERE ");
      appendCompare(sql, "<", hi, values);
    }
    return sql;
  }

  /** Appends {@code FROM table} and the condition {@code key > after} (null: every row). */
  public StringBuilder appendFromAfter(StringBuilder sql, List<String> after, Values values) {
    sql.append(" FROM ").append(table);
    if (after != null) {
      sql.append(" WHERE ");
      appendCompare(sql, ">", after, values);
    }
    return sql;
  }

  /** Appends the key columns, comma separated, as for {@code ORDER BY}. */
  public StringBuilder appendKey(StringBuilder sql) {
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(key.get(i));
    }
    return sql;
  }

  /**
   * Appends each key column's text form, aliased {@code alias0, alias1, ...}: aliased because
   * {@code ORDER BY "k"} would otherwise sort by the text output column named {@code "k"}.
   */
  public StringBuilder appendKeyText(StringBuilder sql, String alias) {
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(key.get(i)).append("::text AS ").append(alias).append(i);
    }
    return sql;
  }

  private void appendCompare(
      StringBuilder sql, String operator, List<String> bound, Values values) {
    if (byCtid()) {
      sql.append("ctid ").append(operator).append(" '(").append(Long.parseLong(bound.get(0)));
      sql.append(",0)'::tid");
      return;
    }
    boolean row = key.size() > 1;
    if (row) {
      sql.append('(');
    }
    appendKey(sql);
    sql.append(row ? ") " : " ").append(operator).append(row ? " (" : " ");
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      if (values == Values.INLINE) {
        appendLiteral(sql, bound.get(i));
      } else {
        sql.append('?');
      }
      sql.append("::").append(keyTypes.get(i));
    }
    if (row) {
      sql.append(')');
    }
  }

  /**
   * An escape-string literal ({@code E'...'}, quotes and backslashes doubled): it reads the same
   * whatever standard_conforming_strings a session has, so a value cannot end the literal.
   */
  public static void appendLiteral(StringBuilder sql, String value) {
    sql.append("E'").append(value.replace("\\", "\\\\").replace("'", "''")).append('\'');
  }
}
