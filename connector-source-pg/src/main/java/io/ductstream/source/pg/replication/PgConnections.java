package io.ductstream.source.pg.replication;

import io.ductstream.source.pg.config.PostgresDsn;
import io.ductstream.source.pg.types.TypeRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGProperty;

/** Opens the connector's two kinds of connection to the source database. */
public final class PgConnections {
  private static final String APPLICATION_NAME = "ductstream";

  private PgConnections() {}

  /** A normal connection, for catalog queries, setup and heartbeats. */
  public static Connection open(PostgresDsn dsn) throws SQLException {
    Properties props = credentials(dsn);
    PGProperty.APPLICATION_NAME.set(props, APPLICATION_NAME);
    Connection connection = DriverManager.getConnection(dsn.jdbcUrl(), props);
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
    return DriverManager.getConnection(dsn.jdbcUrl(), props);
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
}
