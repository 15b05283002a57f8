package io.ductstream.controlplane.dev;

import io.ductstream.contract.pg.PostgresDsn;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;

/**
 * The embedded PostgreSQL of {@code ductstream --dev}: a local store with logical replication,
 * whose data directory survives restarts so flows created in dev mode are still there next time. It
 * listens on localhost only and, unlike a fresh embedded server (trust for every local connection),
 * asks every connection for the password in {@code pg-password} next to the data directory
 * (readable by its owner only), made on first start.
 */
public final class DevPostgres implements AutoCloseable {
  /** Relative to the working directory. */
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of(".ductstream-dev", "pg");

  public static final int DEFAULT_PORT = 54329;

  /** The file next to the data directory that holds the superuser's password. */
  public static final String PASSWORD_FILE = "pg-password";

  private static final String HBA_MARKER =
      "# ductstream --dev: every connection needs the password";

  private final EmbeddedPostgres postgres;
  private final PostgresDsn dsn;

  private DevPostgres(EmbeddedPostgres postgres, PostgresDsn dsn) {
    this.postgres = postgres;
    this.dsn = dsn;
  }

  /**
   * Starts PostgreSQL on {@code port} with its data in {@code dataDirectory}, creating the
   * directory on first use and reusing it afterwards.
   *
   * @throws DevPostgresException if the server does not start (port taken, directory locked or
   *     unwritable)
   */
  public static DevPostgres start(Path dataDirectory, int port) {
    requirePortFree(dataDirectory, port);
    try {
      Files.createDirectories(dataDirectory.toAbsolutePath().getParent());
      String password = password(passwordFile(dataDirectory));
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory.toAbsolutePath())
              .setCleanDataDirectory(false)
              .setPort(port)
              .setConnectConfig("password", password)
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_replication_slots", "16")
              .setServerConfig("max_wal_senders", "16")
              // Stopped by close(), after the API server has drained, not by a hook racing it.
              .setRegisterShutdownHook(false)
              .start();
      PostgresDsn dsn =
          new PostgresDsn(
              "localhost", port, "postgres", "postgres", password, Map.of("sslmode", "disable"));
      try {
        requirePassword(dataDirectory.toAbsolutePath(), dsn);
      } catch (IOException | SQLException | RuntimeException e) {
        postgres.close();
        throw e;
      }
      return new DevPostgres(postgres, dsn);
    } catch (IOException | SQLException | RuntimeException e) {
      throw startFailure(dataDirectory, port, firstLine(e), e);
    }
  }

  /** {@code pg-password} next to the data directory. */
  public static Path passwordFile(Path dataDirectory) {
    return dataDirectory.toAbsolutePath().getParent().resolve(PASSWORD_FILE);
  }

  /** The password in {@code file}; a new random one, readable by the owner only, on first use. */
  private static String password(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, password + "\n");
    return password;
  }

  /**
   * Gives the superuser the password and makes pg_hba.conf ask every connection for it (scram),
   * once: a data directory made by initdb (or by an earlier version of dev mode) trusts them all.
   */
  private static void requirePassword(Path dataDirectory, PostgresDsn dsn)
      throws IOException, SQLException {
    Path hba = dataDirectory.resolve("pg_hba.conf");
    if (Files.readString(hba).startsWith(HBA_MARKER)) {
      return;
    }
    try (Connection connection =
            DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password());
        Statement statement = connection.createStatement()) {
      // base64url: no quote to escape
      statement.execute("SET password_encryption = 'scram-sha-256'");
      statement.execute("ALTER ROLE postgres PASSWORD '" + dsn.password() + "'");
      Files.writeString(
          hba,
          String.join(
              "\n",
              HBA_MARKER,
              "local all all scram-sha-256",
              "host all all 127.0.0.1/32 scram-sha-256",
              "host all all ::1/128 scram-sha-256",
              "local replication all scram-sha-256",
              "host replication all 127.0.0.1/32 scram-sha-256",
              "host replication all ::1/128 scram-sha-256",
              ""));
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  /**
   * The embedded server's readiness probe connects to the port and would take another PostgreSQL
   * listening there (another dev instance, say) for its own: refuse a taken port up front instead.
   */
  private static void requirePortFree(Path dataDirectory, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw startFailure(dataDirectory, port, "the port is in use", e);
    }
  }

  private static DevPostgresException startFailure(
      Path dataDirectory, int port, String reason, Exception cause) {
    return new DevPostgresException(
        "cannot start the embedded PostgreSQL on port "
            + port
            + " with data in "
            + dataDirectory
            + " ("
            + reason
            + "); is another ductstream --dev running? Stop it or pick another port with --dev-port",
        cause);
  }

  /** {@code postgres://postgres:PASSWORD@localhost:54329/postgres?sslmode=disable}. */
  public PostgresDsn dsn() {
    return dsn;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new DevPostgresException(
          "cannot stop the embedded PostgreSQL on port " + dsn.port(), e);
    }
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().lines().findFirst().orElse(message);
  }
}
