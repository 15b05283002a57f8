package io.ductstream.source.pg.setup;

import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.slot.ReplicationSlot;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks, when the connector starts, that the source database can be captured as configured,
 * creating the publication and slot when allowed: the prerequisites, then the publication and its
 * tables, then the slot. Every problem a user can fix is a {@link ConfigException} that says how.
 */
public final class ReplicationSetup {
  private final PostgresSourceConfig config;
  private final Connection connection;

  public ReplicationSetup(PostgresSourceConfig config, Connection connection) {
    this.config = config;
    this.connection = connection;
  }

  /** What the checks found. */
  public record Result(int serverVersion, String database, List<String> tables) {}

  /** Runs every check, creating the publication and slot when configured to. */
  public Result prepare() {
    SourcePrerequisites prerequisites = new SourcePrerequisites(config, connection);
    PublicationSetup publication = new PublicationSetup(config, connection);
    try {
      int version = prerequisites.serverVersion();
      prerequisites.checkWalLevel();
      prerequisites.checkEncoding();
      prerequisites.checkReplicationRole();
      publication.checkSignalTable();
      publication.ensurePublication();
      publication.checkSignalTablePublished();
      List<String> tables = publication.capturedTables();
      for (String table : tables) {
        prerequisites.checkReplicaIdentity(table);
      }
      new ReplicationSlot(config).ensureAtConnectorStart(connection);
      return new Result(version, PgConnections.currentDatabase(connection), tables);
    } catch (SQLException e) {
      throw new ConfigException(
          "cannot check the source database " + config.dsn().masked() + ": " + e.getMessage());
    }
  }
}
