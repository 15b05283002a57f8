package io.ductstream.controlplane.store;

import io.ductstream.source.pg.config.PostgresDsn;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work on a store connection, alone or in a transaction; an {@link SQLException} becomes a
 * {@link StoreException} naming the action and the (masked) store.
 */
final class StoreConnections {
  static final String UNIQUE_VIOLATION = "23505";

  private final PostgresDsn dsn;
  private final DataSource dataSource;

  StoreConnections(PostgresDsn dsn) {
    this.dsn = dsn;
    this.dataSource = StoreDataSource.of(dsn);
  }

  <T> T query(String action, SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  <T> T transaction(String action, SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  StoreException failure(String action, SQLException e) {
    return new StoreException(
        "cannot " + action + " in the store at " + dsn.masked() + ": " + StoreDataSource.reason(e),
        e);
  }

  /** Work on one store connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
