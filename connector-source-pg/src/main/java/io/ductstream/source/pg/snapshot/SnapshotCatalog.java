package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.records.RelationCache;
import io.ductstream.source.pg.records.TableMapper;
import io.ductstream.source.pg.types.TypeRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Describes captured tables for the snapshot from the catalog: the columns in the order pgoutput
 * sends them (so the mapper is the one streaming builds from the Relation message), the key to
 * split by (primary key, else replica identity index, else none: ctid), and size estimates.
 */
public final class SnapshotCatalog {
  private static final String TABLE =
      "SELECT c.oid, c.relreplident, c.relfilenode, c.reltuples::bigint, c.relpages,"
          + " pg_relation_size(c.oid) / current_setting('block_size')::bigint"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relname = ?";
  private static final String COLUMNS =
      "SELECT a.attname, a.atttypid, a.atttypmod, format_type(a.atttypid, NULL), a.attnum"
          + " FROM pg_attribute a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
          + "%s ORDER BY a.attnum";
  private static final String INDEX_KEY =
      "SELECT k.attnum FROM pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)"
          + " WHERE i.indrelid = ? AND %s ORDER BY i.indisprimary DESC, k.ord";

  private final Connection connection;
  private final TypeRegistry types;
  private final RelationCache relations;
  private final boolean generatedColumns;

  /**
   * @param relations builds mappers exactly as streaming does (same captured filter, prefix)
   * @param serverVersion server_version_num; generated columns (PG 12+) are not published
   */
  public SnapshotCatalog(
      Connection connection, TypeRegistry types, RelationCache relations, int serverVersion) {
    this.connection = connection;
    this.types = types;
    this.relations = relations;
    this.generatedColumns = serverVersion >= 120000;
  }

  /** Describes {@code schema.table}. */
  public SnapshotTable describe(String qualifiedName) {
    int dot = qualifiedName.indexOf('.');
    String schema = qualifiedName.substring(0, dot);
    String name = qualifiedName.substring(dot + 1);
    try (PreparedStatement s = connection.prepareStatement(TABLE)) {
      s.setString(1, schema);
      s.setString(2, name);
      try (ResultSet row = s.executeQuery()) {
        if (!row.next()) {
          throw new ConnectException(
              "captured table "
                  + qualifiedName
                  + " no longer exists; remove it from the publication or table.include.list");
        }
        long oid = row.getLong(1);
        char identity = row.getString(2).charAt(0);
        long filenode = row.getLong(3);
        long reltuples = row.getLong(4);
        long relpages = row.getLong(5);
        long blocks = row.getLong(6);
        return describe(schema, name, oid, identity, filenode, reltuples, relpages, blocks);
      }
    } catch (SQLException e) {
      throw new ConnectException(
          "cannot read the catalog entry of " + qualifiedName + ": " + e.getMessage(), e);
    }
  }

  private SnapshotTable describe(
      String schema,
      String name,
      long oid,
      char identity,
      long filenode,
      long reltuples,
      long relpages,
      long blocks)
      throws SQLException {
    List<Integer> primaryKey = indexColumns(oid, "i.indisprimary");
    List<Integer> identityKey = identity == 'i' ? indexColumns(oid, "i.indisreplident") : List.of();
    List<Integer> splitKey = primaryKey.isEmpty() ? identityKey : primaryKey;
    Set<Integer> pgoutputKey =
        new HashSet<>(identity == 'i' ? identityKey : primaryKey); // pgoutput's key flags

    List<RelationMessage.Column> relationColumns = new ArrayList<>();
    List<SnapshotTable.Column> columns = new ArrayList<>();
    List<Integer> attnums = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            String.format(COLUMNS, generatedColumns ? " AND a.attgenerated = ''" : ""))) {
      s.setLong(1, oid);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String column = rows.getString(1);
          int typeOid = (int) rows.getLong(2);
          int attnum = rows.getInt(5);
          relationColumns.add(
              new RelationMessage.Column(
                  column,
                  typeOid,
                  rows.getInt(3),
                  identity == 'f' || pgoutputKey.contains(attnum)));
          columns.add(
              new SnapshotTable.Column(
                  quote(column), rows.getString(4), types.binarySafe(typeOid)));
          attnums.add(attnum);
        }
      }
    }
    List<SnapshotTable.Column> keyColumns = new ArrayList<>();
    for (int attnum : splitKey) {
      keyColumns.add(columns.get(attnums.indexOf(attnum)));
    }
    RelationMessage relation =
        new RelationMessage((int) oid, schema, name, identity, relationColumns);
    relations.update(relation);
    TableMapper mapper = relations.get((int) oid);
    double rowsPerBlock = reltuples > 0 && relpages > 0 ? (double) reltuples / relpages : 0;
    return new SnapshotTable(
        schema + "." + name,
        quote(schema) + "." + quote(name),
        mapper,
        columns,
        keyColumns,
        filenode,
        reltuples,
        blocks,
        rowsPerBlock);
  }

  private List<Integer> indexColumns(long oid, String which) throws SQLException {
    List<Integer> attnums = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(String.format(INDEX_KEY, which))) {
      s.setLong(1, oid);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          attnums.add(rows.getInt(1));
        }
      }
    }
    return attnums;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
