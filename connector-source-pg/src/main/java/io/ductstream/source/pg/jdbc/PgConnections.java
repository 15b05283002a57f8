package io.ductstream.source.pg.jdbc;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.types.TypeRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.postgresql.PGProperty;

/** Opens the connector's two kinds of connection to the source database. */
public final class PgConnections {
  private static final String APPLICATION_NAME = "ductstream";

  private PgConnections() {}

  /**
   * A connection could not be opened for a reason that may pass: the server is down, restarting,
   * refusing connections to the database, or out of connection slots. Bad credentials and a
   * database that does not exist are not this: they are configuration errors and fail at once.
   */
  public static final class Unavailable extends SQLException {
    Unavailable(SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
    }
  }

  private static Connection connect(PostgresDsn dsn, Properties props) throws SQLException {
    try {
      return DriverManager.getConnection(dsn.jdbcUrl(), props);
    } catch (SQLException e) {
      String state = e.getSQLState();
      boolean configuration = state != null && (state.startsWith("28") || state.equals("3D000"));
      throw configuration ? e : new Unavailable(e);
    }
  }

  /** A normal connection, for catalog queries, setup and heartbeats. */
  public static Connection open(PostgresDsn dsn) throws SQLException {
    Properties props = credentials(dsn);
    PGProperty.APPLICATION_NAME.set(props, APPLICATION_NAME);
    Connection connection = connect(dsn, props);
    connection.setAutoCommit(true);
    return connection;
  }

  /**
   * A normal connection for reading table rows, with the session settings the text decoders assume
   * (as the replication connection has them) and standard_conforming_strings on, so quoting a
   * literal is doubling its single quotes. Results come in text form ({@code getBytes} is a value's
   * text output, bytea's raw bytes), whatever pgjdbc would choose.
   */
  public static Connection openReader(PostgresDsn dsn) throws SQLException {
    Properties props = credentials(dsn);
    PGProperty.APPLICATION_NAME.set(props, APPLICATION_NAME);
    PGProperty.BINARY_TRANSFER.set(props, false);
    PGProperty.OPTIONS.set(
        props, TypeRegistry.sessionOptions() + " -c standard_conforming_strings=on");
    Connection connection = DriverManager.getConnection(dsn.jdbcUrl(), props);
    connection.setAutoCommit(true);
    // Again as statements: an options= parameter of the DSN replaces the options property.
    try (Statement set = connection.createStatement()) {
      for (Map.Entry<String, String> setting : TypeRegistry.SESSION_SETTINGS.entrySet()) {
        set.execute("SET " + setting.getKey() + " = '" + setting.getValue() + "'");
      }
      set.execute("SET standard_conforming_strings = on");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * A logical replication connection whose session settings are those the text decoders assume, so
   * values in text form read the same whatever the server's defaults.
   */
  public static Connection openReplication(PostgresDsn dsn) throws SQLException {
    Properties props = credentials(dsn);
    PGProperty.REPLICATION.set(props, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
    PGProperty.PREFER_QUERY_MODE.set(props, "simple");
    PGProperty.APPLICATION_NAME.set(props, APPLICATION_NAME);
    PGProperty.OPTIONS.set(props, TypeRegistry.sessionOptions());
    return connect(dsn, props);
  }

  /** The value of a server setting ({@code SHOW name}). */
  public static String show(Connection connection, String setting) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rows = s.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** The database the connection is connected to. */
  public static String currentDatabase(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rows = s.executeQuery("SELECT current_database()")) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static Properties credentials(PostgresDsn dsn) {
    Properties props = new Properties();
    PGProperty.USER.set(props, dsn.user());
    PGProperty.PASSWORD.set(props, dsn.password());
    return props;
  }

  /**
   * Closes {@code connection} after {@code failure} ended its setup, whatever kind of failure it is
   * (an Error or an unexpected RuntimeException as much as an SQLException): a replication
   * connection left open keeps its slot active, and every later start fails with "slot in use"
   * until the worker restarts. A failure to close is kept as a suppressed exception.
   */
  public static void closeAfter(Connection connection, Throwable failure) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
