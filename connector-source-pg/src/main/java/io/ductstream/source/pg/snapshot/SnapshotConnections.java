package io.ductstream.source.pg.snapshot;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.catalog.KeyRangeSql;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot readers' connections, each in a REPEATABLE READ READ ONLY transaction on the same
 * snapshot: one exported by the slot's creation, or else one the first connection exports ({@code
 * pg_export_snapshot()}) and keeps open while the others import it. The transactions stay open
 * until the snapshot is read.
 */
public final class SnapshotConnections implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SnapshotConnections.class);

  private final List<Connection> connections;
  private final String snapshotName;

  private SnapshotConnections(List<Connection> connections, String snapshotName) {
    this.connections = List.copyOf(connections);
    this.snapshotName = snapshotName;
  }

  /** {@code count} connections importing the exported snapshot {@code snapshotName}. */
  public static SnapshotConnections importing(PostgresDsn dsn, int count, String snapshotName)
      throws SQLException {
    return open(dsn, count, snapshotName);
  }

  /**
   * {@code count} connections sharing a snapshot of the database as it is now: the first exports it
   * ({@code pg_export_snapshot()}) and the others import it.
   */
  public static SnapshotConnections now(PostgresDsn dsn, int count) throws SQLException {
    return open(dsn, count, null);
  }

  private static SnapshotConnections open(PostgresDsn dsn, int count, String exported)
      throws SQLException {
    List<Connection> connections = new ArrayList<>(count);
    try {
      String name = exported;
      for (int i = 0; i < count; i++) {
        Connection connection = begin(dsn, name);
        connections.add(connection);
        if (name == null) {
          name = export(connection);
        }
      }
      return new SnapshotConnections(connections, name);
    } catch (SQLException | RuntimeException e) {
      closeAll(connections);
      throw e;
    }
  }

  private static String export(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet row = s.executeQuery("SELECT pg_export_snapshot()")) {
      row.next();
      return row.getString(1);
    }
  }

  private static Connection begin(PostgresDsn dsn, String snapshot) throws SQLException {
    Connection connection = PgConnections.openReader(dsn);
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      if (snapshot != null) {
        StringBuilder set = new StringBuilder("SET TRANSACTION SNAPSHOT ");
        KeyRangeSql.appendLiteral(set, snapshot);
        s.execute(set.toString());
      }
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  public List<Connection> connections() {
    return connections;
  }

  public String snapshotName() {
    return snapshotName;
  }

  /** Ends the transactions and closes the connections. */
  @Override
  public void close() {
    closeAll(connections);
  }

  private static void closeAll(List<Connection> connections) {
    for (Connection connection : connections) {
      try {
        connection.close(); // ends the read-only transaction
      } catch (SQLException e) {
        log.debug("closing a snapshot connection failed: {}", e.getMessage());
      }
    }
  }
}
