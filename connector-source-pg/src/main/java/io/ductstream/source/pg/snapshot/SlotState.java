package io.ductstream.source.pg.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.postgresql.replication.LogSequenceNumber;

/**
 * The slot as the server has it when the task starts.
 *
 * @param exists whether it exists
 * @param confirmedLsn its confirmed_flush_lsn (0 when unknown)
 * @param lost whether its WAL was removed (wal_status 'lost', PG 13+): it can no longer stream
 */
public record SlotState(boolean exists, long confirmedLsn, boolean lost) {
  public static final SlotState MISSING = new SlotState(false, 0, false);

  public static SlotState read(Connection connection, String slot, int serverVersion)
      throws SQLException {
    String walStatus = serverVersion >= 130000 ? "wal_status = 'lost'" : "false";
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT confirmed_flush_lsn::text, "
                + walStatus
                + " FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, slot);
      try (ResultSet row = s.executeQuery()) {
        if (!row.next()) {
          return MISSING;
        }
        String confirmed = row.getString(1);
        return new SlotState(
            true,
            confirmed == null ? 0 : LogSequenceNumber.valueOf(confirmed).asLong(),
            row.getBoolean(2));
      }
    }
  }
}
