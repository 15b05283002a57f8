package io.ductstream.controlplane.runtime;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Asks the source database how far the flow's slot is: whether the flow is caught up (every change
 * committed before the check is durable in every destination and confirmed to the slot), and how
 * many bytes of WAL the slot still holds back. One short connection per question.
 */
final class CatchUp {
  /** How long the check that writes the mark waits for the slot to confirm it. */
  static final Duration SETTLE = Duration.ofMillis(300);

  private static final Duration SETTLE_STEP = Duration.ofMillis(20);

  private final PostgresDsn dsn;
  private final String slot;
  private long target = -1;

  CatchUp(PostgresDsn dsn, String slot) {
    this.dsn = dsn;
    this.slot = slot;
  }

  /**
   * True once the slot's confirmed position reaches a point written after the first call: the WAL
   * end then, marked with a logical message so a quiet slot has something to reach.
   */
  boolean caughtUp() {
    try (Connection connection = PgConnections.open(dsn)) {
      boolean marked = target < 0;
      if (marked) {
        target = mark(connection);
      }
      long deadline = System.nanoTime() + (marked ? SETTLE.toNanos() : 0);
      while (true) {
        OptionalLong confirmed = confirmed(connection);
        if (confirmed.isPresent() && Long.compareUnsigned(confirmed.getAsLong(), target) >= 0) {
          return true;
        }
        if (System.nanoTime() >= deadline) {
          return false;
        }
        // a slot that is caught up confirms a fresh mark within milliseconds: a short wait here
        // spares the caller another poll interval
        Thread.sleep(SETTLE_STEP.toMillis());
      }
    } catch (SQLException e) {
      return false; // asked again at the next empty read
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Forgets the point written at the first call: the next call writes a new one. */
  void markAgain() {
    target = -1;
  }

  /** Bytes of WAL between the slot's confirmed position and the server's end, if known. */
  OptionalLong lagBytes() {
    try (Connection connection = PgConnections.open(dsn);
        PreparedStatement lag =
            connection.prepareStatement(
                "SELECT pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN"
                    + " pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END,"
                    + " confirmed_flush_lsn)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
      lag.setString(1, slot);
      try (ResultSet rs = lag.executeQuery()) {
        return rs.next() && rs.getObject(1) != null
            ? OptionalLong.of(Math.max(0, rs.getLong(1)))
            : OptionalLong.empty();
      }
    } catch (SQLException e) {
      return OptionalLong.empty();
    }
  }

  /** The slot's confirmed position, if the slot exists. */
  static OptionalLong confirmed(Connection connection, String slot) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots"
                + " WHERE slot_name = ?")) {
      query.setString(1, slot);
      try (ResultSet rs = query.executeQuery()) {
        if (rs.next() && rs.getObject(1) != null) {
          return OptionalLong.of(rs.getBigDecimal(1).longValue());
        }
      }
    }
    return OptionalLong.empty();
  }

  private OptionalLong confirmed(Connection connection) throws SQLException {
    return confirmed(connection, slot);
  }

  private static long mark(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      boolean standby;
      try (ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        standby = rs.getBoolean(1);
      }
      String query =
          standby
              ? "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn"
              : "SELECT pg_logical_emit_message(false, 'ductstream_caught_up', '')"
                  + " - '0/0'::pg_lsn";
      try (ResultSet rs = statement.executeQuery(query)) {
        rs.next();
        return rs.getBigDecimal(1).longValue();
      }
    }
  }
}
