package io.ductstream.source.pg.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Reads tables' shapes from the catalog ({@code pg_class}, {@code pg_attribute}, {@code pg_index})
 * on one connection: the only place that does. Only tables (plain and partitioned) are described: a
 * publication holds nothing else.
 */
public final class CatalogReader {
  private static final String TABLE =
      "SELECT n.nspname, c.relname, c.oid, c.relreplident, c.relfilenode, c.reltuples::bigint,"
          + " c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::bigint"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE %s AND c.relkind IN ('r', 'p')";
  private static final String BY_NAME = "n.nspname = ? AND c.relname = ?";
  private static final String BY_OID = "c.oid = ?";

  // Index positions: int2vector casts to a 0-based int2[]; only their order matters.
  private static final String COLUMNS =
      "SELECT a.attname, a.atttypid, a.atttypmod, format_type(a.atttypid, a.atttypmod),"
          + " a.attndims,"
          + " (SELECT array_position(i.indkey::int2[], a.attnum) FROM pg_index i"
          + "   WHERE i.indrelid = a.attrelid AND i.indisprimary),"
          + " (SELECT array_position(i.indkey::int2[], a.attnum) FROM pg_index i"
          + "   WHERE i.indrelid = a.attrelid AND i.indisreplident),"
          + " a.attnotnull"
          + " FROM pg_attribute a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
          + "%s ORDER BY a.attnum";

  private final Connection connection;
  private final String columnsSql;

  /**
   * @param serverVersion server_version_num; generated columns (PostgreSQL 12+) are left out, as
   *     pgoutput leaves them out
   */
  public CatalogReader(Connection connection, int serverVersion) {
    this.connection = connection;
    this.columnsSql =
        String.format(COLUMNS, serverVersion >= 120000 ? " AND a.attgenerated = ''" : "");
  }

  /** The table named {@code id}, or empty when there is no such table. */
  public Optional<TableShape> describe(TableId id) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(String.format(TABLE, BY_NAME))) {
      s.setString(1, id.schema());
      s.setString(2, id.table());
      return read(s);
    }
  }

  /** The table with relation id {@code relationId}, or empty when it is gone. */
  public Optional<TableShape> describe(int relationId) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(String.format(TABLE, BY_OID))) {
      s.setLong(1, relationId & 0xffff_ffffL);
      return read(s);
    }
  }

  private Optional<TableShape> read(PreparedStatement table) throws SQLException {
    TableId id;
    long oid;
    char identity;
    TableShape.Size size;
    try (ResultSet row = table.executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      id = new TableId(row.getString(1), row.getString(2));
      oid = row.getLong(3);
      identity = row.getString(4).charAt(0);
      size = new TableShape.Size(row.getLong(5), row.getLong(6), row.getLong(7), row.getLong(8));
    }
    return Optional.of(new TableShape(id, (int) oid, identity, columns(oid), size));
  }

  private List<TableShape.Column> columns(long oid) throws SQLException {
    List<TableShape.Column> columns = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(columnsSql)) {
      s.setLong(1, oid);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          columns.add(
              new TableShape.Column(
                  rows.getString(1),
                  (int) rows.getLong(2),
                  rows.getInt(3),
                  rows.getString(4),
                  rows.getInt(5),
                  position(rows, 6),
                  position(rows, 7),
                  rows.getBoolean(8)));
        }
      }
    }
    return columns;
  }

  private static int position(ResultSet rows, int column) throws SQLException {
    int position = rows.getInt(column);
    return rows.wasNull() ? -1 : position;
  }

  /**
   * Which of {@code relationIds} no longer exist, and the server's WAL position when that was read:
   * every change of a relation dropped by then lies before that position (DROP waits for the
   * transactions writing the table, and no later one can).
   */
  public Dropped dropped(Collection<Integer> relationIds) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
                + " ELSE pg_current_wal_lsn() END::text,"
                + " ARRAY(SELECT id FROM unnest(?::int8[]) id"
                + "   WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = id::oid))")) {
      // relation ids are unsigned 32-bit OIDs
      Long[] oids = relationIds.stream().map(Integer::toUnsignedLong).toArray(Long[]::new);
      s.setArray(1, connection.createArrayOf("int8", oids));
      try (ResultSet row = s.executeQuery()) {
        row.next();
        long lsn = LogSequenceNumber.valueOf(row.getString(1)).asLong();
        Set<Integer> gone = new HashSet<>();
        for (Long oid : (Long[]) row.getArray(2).getArray()) {
          gone.add(oid.intValue());
        }
        return new Dropped(gone, lsn);
      }
    }
  }

  /** Relation ids found gone, and the WAL position {@code atLsn} the catalog was read at. */
  public record Dropped(Set<Integer> relationIds, long atLsn) {}
}
