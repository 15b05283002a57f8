package io.ductstream.controlplane.dev;

import io.ductstream.source.pg.config.PostgresDsn;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded PostgreSQL of {@code ductstream --dev}: a local store with logical replication,
 * whose data directory survives restarts so flows created in dev mode are still there next time.
 */
public final class DevPostgres implements AutoCloseable {
  /** Relative to the working directory. */
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of(".ductstream-dev", "pg");

  public static final int DEFAULT_PORT = 54329;

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
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory.toAbsolutePath())
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_replication_slots", "16")
              .setServerConfig("max_wal_senders", "16")
              // Stopped by close(), after the API server has drained, not by a hook racing it.
              .setRegisterShutdownHook(false)
              .start();
      return new DevPostgres(
          postgres,
          new PostgresDsn(
              "localhost", port, "postgres", "postgres", "", Map.of("sslmode", "disable")));
    } catch (IOException | RuntimeException e) {
      throw startFailure(dataDirectory, port, firstLine(e), e);
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

  /** {@code postgres://postgres@localhost:54329/postgres?sslmode=disable}. */
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
