package io.ductstream.controlplane.status;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.SourceDsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Asks a flow's source database about its replication slot: how much WAL the slot keeps ({@code
 * pg_current_wal_lsn() - restart_lsn}) and how far the flow lags ({@code ... -
 * confirmed_flush_lsn}). A source that cannot be reached is a state to report, not a failure.
 */
public final class SlotProbe {
  static final int TIMEOUT_SECONDS = 5;

  private static final String QUERY =
      "SELECT active, restart_lsn::text, confirmed_flush_lsn::text,"
          + " coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint,"
          + " coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint"
          + " FROM pg_replication_slots WHERE slot_name = ?";

  /** The state of {@code slotName} on the database of {@code source}. */
  public SlotState probe(Endpoint source, String slotName) {
    if (SourceDsn.hasReferences(source)) {
      // The API server never resolves them: that is the Connect worker's business, with its own
      // files and environment.
      return SlotState.unreachable(
          slotName,
          "the source's connection uses config provider references (${...}), which only the Kafka"
              + " Connect worker resolves; the API server does not probe it");
    }
    PostgresDsn dsn;
    try {
      dsn = SourceDsn.of(source);
    } catch (IllegalArgumentException e) {
      return SlotState.unreachable(
          slotName, "source.options.dsn is not a Postgres URL: " + e.getMessage());
    }
    try (Connection connection = SourceDsn.connect(dsn, TIMEOUT_SECONDS);
        PreparedStatement select = connection.prepareStatement(QUERY)) {
      select.setString(1, slotName);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return SlotState.missing(slotName);
        }
        return new SlotState(
            slotName,
            true,
            "",
            true,
            rows.getBoolean(1),
            Optional.ofNullable(rows.getString(2)).orElse(""),
            Optional.ofNullable(rows.getString(3)).orElse(""),
            rows.getLong(4),
            rows.getLong(5));
      }
    } catch (SQLException e) {
      // pgjdbc's messages never hold the password.
      return SlotState.unreachable(
          slotName,
          "cannot query the source database at "
              + dsn.masked()
              + ": "
              + String.valueOf(e.getMessage()).strip().lines().findFirst().orElse(""));
    }
  }
}
