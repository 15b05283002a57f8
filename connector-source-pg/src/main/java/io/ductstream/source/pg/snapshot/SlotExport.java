package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.kafka.common.config.ConfigException;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the slot on a replication connection with an exported snapshot: the database as of the
 * slot's consistent point, so a snapshot read in it and the stream from that point meet exactly.
 * The snapshot can be imported only while this connection stays open and does nothing else: close
 * it once the readers have imported it.
 */
public final class SlotExport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlotExport.class);

  private final Connection replication;
  private final String snapshotName;
  private final long consistentLsn;

  private SlotExport(Connection replication, String snapshotName, long consistentLsn) {
    this.replication = replication;
    this.snapshotName = snapshotName;
    this.consistentLsn = consistentLsn;
  }

  /**
   * Creates {@code slot.name} with pgoutput and an exported snapshot.
   *
   * @param serverVersion server_version_num: PG 15 changed the command's option syntax
   */
  public static SlotExport create(PostgresSourceConfig config, int serverVersion)
      throws SQLException {
    String slot = config.slotName();
    String command =
        serverVersion >= 150000
            ? "CREATE_REPLICATION_SLOT \"" + slot + "\" LOGICAL pgoutput (SNAPSHOT 'export')"
            : "CREATE_REPLICATION_SLOT \"" + slot + "\" LOGICAL pgoutput EXPORT_SNAPSHOT";
    flushCommitted(config);
    Connection replication = PgConnections.openReplication(config.dsn());
    try (Statement s = replication.createStatement();
        ResultSet row = s.executeQuery(command)) {
      row.next();
      long consistent = LogSequenceNumber.valueOf(row.getString("consistent_point")).asLong();
      String snapshot = row.getString("snapshot_name");
      log.info(
          "created replication slot {} at {} with exported snapshot {}",
          slot,
          row.getString("consistent_point"),
          snapshot);
      return new SlotExport(replication, snapshot, consistent);
    } catch (SQLException e) {
      replication.close();
      if ("42710".equals(e.getSQLState())) {
        throw new ConfigException(
            PostgresSourceConfig.SLOT_NAME,
            slot,
            "replication slot \""
                + slot
                + "\" was created by someone else while the task started; restart the task");
      }
      throw e;
    }
  }

  /**
   * Makes every commit so far durable before the slot is created. A transaction committed with
   * synchronous_commit=off (a common setting) may not be in flushed WAL yet; the slot's exported
   * snapshot can then leave it out while the stream starts after it, and its rows would be in
   * neither. A synchronous commit flushes the WAL up to itself, and so every commit before it.
   */
  private static void flushCommitted(PostgresSourceConfig config) throws SQLException {
    try (Connection connection = PgConnections.open(config.dsn());
        Statement s = connection.createStatement()) {
      try (ResultSet standby = s.executeQuery("SELECT pg_is_in_recovery()")) {
        if (standby.next() && standby.getBoolean(1)) {
          return; // a standby (PostgreSQL 16+) replays WAL the primary already flushed
        }
      }
      connection.setAutoCommit(false);
      s.execute("SET LOCAL synchronous_commit = on");
      s.execute("SELECT txid_current()"); // an xid, so the commit is written and flushed
      connection.commit();
    }
  }

  public String snapshotName() {
    return snapshotName;
  }

  public long consistentLsn() {
    return consistentLsn;
  }

  @Override
  public void close() {
    try {
      replication.close();
    } catch (SQLException e) {
      log.debug("closing the slot's replication connection failed: {}", e.getMessage());
    }
  }
}
