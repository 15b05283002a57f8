package io.ductstream.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * One test class's own database on the shared {@link PostgresServer}, with the ways to reach it.
 */
public record TestDatabase(String name, String host, int port, String user, String password) {

  /** {@code jdbc:postgresql://host:port/name}, for pgjdbc and Flyway. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  /**
   * {@code postgres://user:pass@host:port/name?sslmode=disable}, the form users give DuctStream.
   */
  public String postgresUrl() {
    String credentials =
        password.isEmpty()
            ? URLEncoder.encode(user, StandardCharsets.UTF_8)
            : URLEncoder.encode(user, StandardCharsets.UTF_8)
                + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return "postgres://" + credentials + "@" + host + ":" + port + "/" + name + "?sslmode=disable";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, password);
  }

  /**
   * A connection in replication mode, for pgjdbc's replication API ({@code
   * PGConnection#getReplicationAPI}).
   */
  public Connection connectForReplication() throws SQLException {
    Properties props = new Properties();
    PGProperty.USER.set(props, user);
    PGProperty.PASSWORD.set(props, password);
    PGProperty.REPLICATION.set(props, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
    PGProperty.PREFER_QUERY_MODE.set(props, "simple");
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  /** Runs each statement in its own auto-committed transaction. */
  public void execute(String... sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of {@code sql}, as a long. */
  public long queryLong(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from " + sql);
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
    }
  }
}
