package io.ductstream.source.pg.backfill;

import io.ductstream.source.pg.decoding.RelationMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as the catalog describes it now: the shape a pgoutput Relation message would give
 * (columns in attribute order, generated columns left out as pgoutput does), and the key a backfill
 * pages through (primary key, else replica identity index, in index order), with each key column's
 * type for casting text values back.
 */
record CatalogTable(RelationMessage relation, List<String> keyColumns, List<String> keyTypes) {
  private static final String TABLE =
      "SELECT c.oid, c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')";

  private static final String COLUMNS =
      "SELECT a.attname, a.atttypid, a.atttypmod,"
          + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary"
          + "   AND a.attnum = ANY (i.indkey)),"
          + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisreplident"
          + "   AND a.attnum = ANY (i.indkey))"
          + " FROM pg_attribute a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
          + "%s ORDER BY a.attnum";

  private static final String KEY =
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_index i,"
          + " unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
          + " JOIN pg_attribute a ON a.attnum = k.attnum"
          + " WHERE i.indrelid = ? AND a.attrelid = i.indrelid AND %s ORDER BY k.ord";

  /**
   * @param qualifiedName {@code schema.table}
   * @throws IllegalArgumentException when the table does not exist or has no key to page by
   */
  static CatalogTable describe(Connection connection, String qualifiedName, int serverVersion)
      throws SQLException {
    int dot = qualifiedName.indexOf('.');
    String schema = qualifiedName.substring(0, dot);
    String table = qualifiedName.substring(dot + 1);
    int oid;
    char identity;
    try (PreparedStatement s = connection.prepareStatement(TABLE)) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalArgumentException("table " + qualifiedName + " does not exist");
        }
        oid = (int) rows.getLong(1);
        identity = rows.getString(2).charAt(0);
      }
    }
    List<RelationMessage.Column> columns = new ArrayList<>();
    String generated = serverVersion >= 120000 ? " AND a.attgenerated = ''" : "";
    try (PreparedStatement s = connection.prepareStatement(String.format(COLUMNS, generated))) {
      s.setLong(1, oid & 0xffff_ffffL);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          boolean key =
              switch (identity) {
                case 'd' -> rows.getBoolean(4);
                case 'i' -> rows.getBoolean(5);
                case 'f' -> true;
                default -> false;
              };
          columns.add(
              new RelationMessage.Column(
                  rows.getString(1), (int) rows.getLong(2), rows.getInt(3), key));
        }
      }
    }
    List<String> keyColumns = new ArrayList<>();
    List<String> keyTypes = new ArrayList<>();
    readKey(connection, oid, "i.indisprimary", keyColumns, keyTypes);
    if (keyColumns.isEmpty()) {
      readKey(connection, oid, "i.indisreplident", keyColumns, keyTypes);
    }
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException(
          "table "
              + qualifiedName
              + " has no primary key or replica identity index to read it by in chunks; add a"
              + " primary key to backfill it");
    }
    return new CatalogTable(
        new RelationMessage(oid, schema, table, identity, columns), keyColumns, keyTypes);
  }

  private static void readKey(
      Connection connection, int oid, String which, List<String> names, List<String> types)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(String.format(KEY, which))) {
      s.setLong(1, oid & 0xffff_ffffL);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
          types.add(rows.getString(2));
        }
      }
    }
  }

  String qualifiedName() {
    return relation.qualifiedName();
  }
}
