package io.ductstream.source.pg.slot;

import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.config.SnapshotMode;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.jdbc.RetryPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's logical replication slot ({@code slot.name}): the one place that checks, creates
 * and drops it, reads its state, and waits while another connection holds it.
 *
 * <p>A slot that already exists when it is to be created (SQLSTATE {@value #DUPLICATE}) was made
 * meanwhile by another start of this connector: that is never an error by itself, the slot is there
 * as asked. Only what the creation was to bring with it is missing, and the caller decides.
 */
public final class ReplicationSlot {
  private static final Logger log = LoggerFactory.getLogger(ReplicationSlot.class);

  /** SQLSTATE duplicate_object: the slot exists already. */
  static final String DUPLICATE = "42710";

  /** SQLSTATE object_in_use: another connection streams from the slot. */
  static final String IN_USE = "55006";

  private static final Duration IN_USE_PAUSE = Duration.ofMillis(500);

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

  /** The slot as the server has it now, read on {@code connection}. */
  public SlotState state(Connection connection, int serverVersion) throws SQLException {
    String walStatus = serverVersion >= 130000 ? "wal_status = 'lost'" : "false";
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT confirmed_flush_lsn::text, "
                + walStatus
                + " FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, slot);
      try (ResultSet row = s.executeQuery()) {
        if (!row.next()) {
          return SlotState.MISSING;
        }
        String confirmed = row.getString(1);
        return new SlotState(
            true,
            confirmed == null ? 0 : LogSequenceNumber.valueOf(confirmed).asLong(),
            row.getBoolean(2));
      }
    }
  }

  /**
   * Creates the slot on a replication connection with an exported snapshot (see {@link
   * SlotExport}); refused with slot.create=false.
   *
   * @param serverVersion server_version_num: PostgreSQL 15 changed the command's option syntax
   * @return empty when the slot exists already (created meanwhile): it is there, but its snapshot
   *     was exported to another connection, so the caller reads the tables as they are now
   */
  public Optional<SlotExport> createExporting(int serverVersion) throws SQLException {
    if (!config.slotCreate()) {
      throw missing(" and slot.create=false");
    }
    String command =
        serverVersion >= 150000
            ? "CREATE_REPLICATION_SLOT "
                + TableId.quote(slot)
                + " LOGICAL pgoutput (SNAPSHOT 'export')"
            : "CREATE_REPLICATION_SLOT "
                + TableId.quote(slot)
                + " LOGICAL pgoutput EXPORT_SNAPSHOT";
    flushCommitted();
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
      return Optional.of(new SlotExport(replication, snapshot, consistent));
    } catch (SQLException e) {
      PgConnections.closeAfter(replication, e);
      if (DUPLICATE.equals(e.getSQLState())) {
        log.warn(
            "replication slot {} was created by another start of this connector while this task"
                + " started; its exported snapshot went to that connection",
            slot);
        return Optional.empty();
      }
      throw e;
    } catch (RuntimeException | Error e) {
      PgConnections.closeAfter(replication, e);
      throw e;
    }
  }

  /**
   * Makes every commit so far durable before the slot is created. A transaction committed with
   * synchronous_commit=off (a common setting) may not be in flushed WAL yet; the slot's exported
   * snapshot can then leave it out while the stream starts after it, and its rows would be in
   * neither. A synchronous commit flushes the WAL up to itself, and so every commit before it.
   */
  private void flushCommitted() throws SQLException {
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

  /**
   * Drops a slot that lost the WAL it needs (wal_status 'lost'), so a new one can be made; refused
   * with slot.create=false.
   */
  public SlotState dropLost() throws SQLException {
    if (!config.slotCreate()) {
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "replication slot \""
              + slot
              + "\" lost the WAL it needs (wal_status 'lost'); drop it with SELECT"
              + " pg_drop_replication_slot('"
              + slot
              + "'); or set slot.create=true to let the task replace it");
    }
    try (Connection c = PgConnections.open(config.dsn());
        PreparedStatement s = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      s.setString(1, slot);
      s.execute();
    }
    log.warn(
        "dropped replication slot {}: it had lost the WAL it needed; a new one is created with a"
            + " new snapshot",
        slot);
    return SlotState.MISSING;
  }

  /**
   * Drops the slot so that it can be made again with an exported snapshot: for a first snapshot (no
   * committed offset uses the slot) when the slot already exists, e.g. left by a run that was
   * killed before it committed anything. Waits up to {@code wait} for a connection that still holds
   * it (a killed worker's walsender lingers until the server notices).
   */
  public void dropForNewSnapshot(Duration wait) throws SQLException, InterruptedException {
    whenFree(
        wait,
        () -> {
          // only a pgoutput slot of this database: a slot of that name elsewhere is not ours
          try (Connection c = PgConnections.open(config.dsn());
              PreparedStatement s =
                  c.prepareStatement(
                      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                          + " WHERE slot_name = ? AND plugin = 'pgoutput'"
                          + " AND database = current_database()")) {
            s.setString(1, slot);
            s.execute();
          }
          return null;
        });
    log.info(
        "dropped replication slot {}: no committed offset uses it, and it is made again with an"
            + " exported snapshot so that the snapshot and the stream meet exactly",
        slot);
  }

  /** Something done with the slot that fails with SQLSTATE {@value #IN_USE} while it is held. */
  @FunctionalInterface
  public interface Use<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code use}, again every 500 ms while another connection holds the slot (a previous run of
   * this task whose connection the server has not noticed gone yet), for up to {@code wait}.
   */
  public <T> T whenFree(Duration wait, Use<T> use) throws SQLException, InterruptedException {
    RetryPolicy policy = RetryPolicy.sleeping(IN_USE_PAUSE, IN_USE_PAUSE, wait);
    while (true) {
      try {
        return use.run();
      } catch (PSQLException e) {
        if (!IN_USE.equals(e.getSQLState())) {
          throw e;
        }
        Duration pause = policy.failed();
        if (pause == null) {
          throw new ConfigException(
              PostgresSourceConfig.SLOT_NAME,
              slot,
              "replication slot \""
                  + slot
                  + "\" is in use by another connection ("
                  + (e.getServerErrorMessage() == null
                      ? e.getMessage()
                      : e.getServerErrorMessage().getMessage())
                  + "); stop the other consumer of the slot, or give this connector its own"
                  + " slot.name");
        }
        policy.pause(pause);
      }
    }
  }

  /** The slot does not exist and may not be created: how to create it. */
  private ConfigException missing(String why) {
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
