package io.ductstream.testkit;

import io.ductstream.testkit.PostgresCluster.Durability;
import io.ductstream.testkit.PostgresCluster.Shutdown;
import java.nio.file.Path;
import java.util.Map;

/**
 * A PostgreSQL server of a test's own (logical replication on, commits durable), for faults that
 * would disturb the shared server: a fast or an immediate restart, or settings such as {@code
 * max_slot_wal_keep_size}. It keeps its data directory and port across restarts; {@link #close()}
 * stops it and removes the directory.
 */
public final class RestartablePostgres implements AutoCloseable {
  private final PostgresCluster cluster;
  private final PostgresServer server;

  private RestartablePostgres(PostgresCluster cluster) {
    this.cluster = cluster;
    this.server = cluster.server();
  }

  /**
   * Starts a new server with {@code wal_level=logical} and the given settings on top (they win).
   * Unlike the shared server, commits are synchronous, so what a client saw committed survives an
   * immediate shutdown.
   */
  public static RestartablePostgres start(Map<String, String> extraSettings) {
    return new RestartablePostgres(
        PostgresCluster.builder()
            .embedded()
            .parentDirectory(Path.of("target"))
            .replicationSlots(16)
            .maxConnections(100)
            .durability(Durability.PROCESS_CRASH)
            .settings(extraSettings)
            .start());
  }

  /** The server, to create databases on. */
  public PostgresServer server() {
    return server;
  }

  /** Stops the server the given way and starts it again on the same data and port. */
  public void restart(Shutdown mode) {
    cluster.restart(mode);
  }

  @Override
  public void close() {
    cluster.close();
  }
}
