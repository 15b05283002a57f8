package io.ductstream.source.pg.slot;

import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.config.SnapshotMode;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's logical replication slot ({@code slot.name}): the one place that checks, creates
 * and drops it.
 *
 * <p>A slot that already exists when it is to be created (SQLSTATE {@value #DUPLICATE}) was made
 * meanwhile by another start of this connector: that is never an error by itself, the slot is there
 * as asked. Only what the creation was to bring with it is missing, and the caller decides.
 */
public final class ReplicationSlot {
  private static final Logger log = LoggerFactory.getLogger(ReplicationSlot.class);

  /** SQLSTATE duplicate_object: the slot exists already. */
  static final String DUPLICATE = "42710";

  private final PostgresSourceConfig config;
  private final String slot;

  public ReplicationSlot(PostgresSourceConfig config) {
    this.config = config;
    this.slot = config.slotName();
  }

  public String name() {
    return slot;
  }

  /**
   * At connector start: an existing slot must be a logical pgoutput slot of this database; a
   * missing one is created now with snapshot.mode=never, by the task (with an exported snapshot)
   * otherwise, or refused with slot.create=false.
   */
  public void ensureAtConnectorStart(Connection connection) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT plugin, database, slot_type FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, slot);
      try (ResultSet rows = s.executeQuery()) {
        if (rows.next()) {
          check(connection, rows.getString(1), rows.getString(2), rows.getString(3));
          return;
        }
      }
    }
    SnapshotMode mode = config.snapshotMode();
    if (mode == SnapshotMode.INITIAL_ONLY) {
      return; // a snapshot without streaming needs no slot
    }
    if (!config.slotCreate()) {
      throw missing("");
    }
    if (mode != SnapshotMode.NEVER) {
      // The exported snapshot lives only as long as the connection that created the slot: the
      // task creates it, right before reading the snapshot.
      log.info("replication slot {} will be created by the task with an exported snapshot", slot);
      return;
    }
    create(connection);
  }

  /**
   * Creates the logical slot with pgoutput, without an exported snapshot.
   *
   * @return false when the slot exists already (SQLSTATE {@value #DUPLICATE}): created meanwhile,
   *     which is what was asked
   */
  public boolean create(Connection connection) {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT lsn FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
      s.setString(1, slot);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        log.info("created replication slot {} at {}", slot, rows.getString(1));
        return true;
      }
    } catch (SQLException e) {
      if (DUPLICATE.equals(e.getSQLState())) {
        return false; // created meanwhile by another start of this connector
      }
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "cannot create replication slot \"" + slot + "\": " + e.getMessage());
    }
  }

  private void check(Connection connection, String plugin, String database, String type)
      throws SQLException {
    if (!"logical".equals(type) || !"pgoutput".equals(plugin)) {
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "replication slot \""
              + slot
              + "\" exists but uses plugin "
              + plugin
              + " ("
              + type
              + "); DuctStream needs a logical slot with pgoutput: choose another slot.name");
    }
    String current = PgConnections.currentDatabase(connection);
    if (!current.equals(database)) {
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "replication slot \""
              + slot
              + "\" belongs to database "
              + database
              + ", not "
              + current
              + "; choose another slot.name");
    }
  }

  /** The slot does not exist and may not be created: how to create it. */
  ConfigException missing(String why) {
    return new ConfigException(
        PostgresSourceConfig.SLOT_NAME,
        slot,
        "replication slot \""
            + slot
            + "\" does not exist"
            + why
            + "; create it with SELECT pg_create_logical_replication_slot('"
            + slot
            + "', 'pgoutput'); or set slot.create=true");
  }
}
