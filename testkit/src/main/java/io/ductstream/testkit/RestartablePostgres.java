package io.ductstream.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own (logical replication on, commits durable), for faults that
 * would disturb the shared server: a fast or an immediate restart, or settings such as {@code
 * max_slot_wal_keep_size}. It keeps its data directory and port across restarts; {@link #close()}
 * stops it and removes the directory.
 */
public final class RestartablePostgres implements AutoCloseable {
  /** How the server goes down before it starts again (PostgreSQL's shutdown modes). */
  public enum Shutdown {
    /** Clients disconnected, a checkpoint written: what {@code pg_ctl restart -m fast} does. */
    FAST,
    /** Every process quits at once and the next start replays the WAL: a crash, in effect. */
    IMMEDIATE
  }

  private final Path dataDirectory;
  private final int port;
  private final Map<String, String> settings;
  private final PostgresServer server;
  private EmbeddedPostgres pg;

  private RestartablePostgres(Path dataDirectory, int port, Map<String, String> settings)
      throws IOException {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.settings = settings;
    this.pg = start();
    this.server = PostgresServer.embeddedAt("localhost", port);
  }

  /**
   * Starts a new server with {@code wal_level=logical} and the given settings on top (they win).
   * Unlike the shared server, commits are synchronous, so what a client saw committed survives an
   * immediate shutdown.
   */
  public static RestartablePostgres start(Map<String, String> extraSettings) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("wal_level", "logical");
    settings.put("max_replication_slots", "16");
    settings.put("max_wal_senders", "16");
    settings.put("max_connections", "100");
    settings.put("fsync", "off"); // the OS keeps the files across a postmaster crash
    settings.put("synchronous_commit", "on");
    settings.putAll(extraSettings);
    try {
      Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "own-pg-");
      Files.delete(dir); // the server's initdb makes it
      return new RestartablePostgres(dir, FreePorts.next(), settings);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a PostgreSQL of the test's own", e);
    }
  }

  /** The server, to create databases on. */
  public PostgresServer server() {
    return server;
  }

  /** Stops the server the given way and starts it again on the same data and port. */
  public void restart(Shutdown mode) {
    try {
      if (mode == Shutdown.IMMEDIATE) {
        Process postmaster = pg.getProcess();
        new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid()))
            .inheritIO()
            .start()
            .waitFor();
        if (!postmaster.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the postmaster did not quit on SIGQUIT");
        }
      }
      try {
        pg.close(); // a fast shutdown, or (after SIGQUIT) only the release of the data directory
      } catch (RuntimeException | IOException stopFailed) {
        if (mode == Shutdown.FAST) {
          throw stopFailed;
        }
        // pg_ctl finds no server after SIGQUIT: that is the point
      }
      pg = start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot restart the PostgreSQL at port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting PostgreSQL", e);
    }
  }

  private EmbeddedPostgres start() throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPort(port);
    settings.forEach(builder::setServerConfig);
    return builder.start();
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException ignored) {
      // the directory goes below anyway
    }
    try (var paths = Files.walk(dataDirectory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory under target/: mvn clean removes what is left
    }
  }
}
