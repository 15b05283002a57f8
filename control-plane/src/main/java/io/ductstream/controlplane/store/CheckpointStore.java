package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.Checkpoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The flows' checkpoints in the store's {@code ductstream.checkpoints} table, one per flow. */
public final class CheckpointStore {
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String COLUMNS = "flow_id, lsn::text, metadata::text, updated_at";

  private final StoreConnections connections;

  public CheckpointStore(PostgresDsn dsn) {
    this(StoreConnections.unpooled(dsn));
  }

  public CheckpointStore(StoreConnections connections) {
    this.connections = connections;
  }

  public Optional<Checkpoint> find(String flowId) {
    return connections.query(
        "read the checkpoint of flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM ductstream.checkpoints WHERE flow_id = ?")) {
            select.setString(1, flowId);
            List<Checkpoint> found = read(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
          }
        });
  }

  /** Up to {@code limit} checkpoints by flow id, of flows after {@code afterFlowId} ("": first). */
  public List<Checkpoint> list(int limit, String afterFlowId) {
    return connections.query(
        "list checkpoints",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM ductstream.checkpoints WHERE flow_id > ? ORDER BY flow_id LIMIT ?")) {
            select.setString(1, afterFlowId);
            select.setInt(2, limit);
            return read(select);
          }
        });
  }

  /**
   * Sets the flow's checkpoint; {@code at} empty means now.
   *
   * @throws RequestException NOT_FOUND if the flow does not exist
   */
  public Checkpoint put(Checkpoint checkpoint, Optional<Instant> at) {
    return connections.query(
        "write the checkpoint of flow \"" + checkpoint.flowId() + "\"",
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO ductstream.checkpoints (flow_id, lsn, metadata, updated_at)"
                      + " VALUES (?, ?::pg_lsn, ?::jsonb, coalesce(?, now()))"
                      + " ON CONFLICT (flow_id) DO UPDATE SET lsn = excluded.lsn,"
                      + " metadata = excluded.metadata, updated_at = excluded.updated_at"
                      + " RETURNING "
                      + COLUMNS)) {
            upsert.setString(1, checkpoint.flowId());
            upsert.setString(2, checkpoint.lsn());
            upsert.setString(3, StoreJson.writeStrings(checkpoint.metadata()));
            upsert.setTimestamp(4, at.map(Timestamp::from).orElse(null));
            return read(upsert).get(0);
          } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
              throw RequestException.notFound("flow \"" + checkpoint.flowId() + "\" not found");
            }
            throw e;
          }
        });
  }

  /** Forgets the flow's checkpoint; false if it had none. */
  public boolean delete(String flowId) {
    return connections.query(
        "reset the checkpoint of flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM ductstream.checkpoints WHERE flow_id = ?")) {
            delete.setString(1, flowId);
            return delete.executeUpdate() > 0;
          }
        });
  }

  private static List<Checkpoint> read(PreparedStatement select) throws SQLException {
    List<Checkpoint> checkpoints = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        checkpoints.add(
            new Checkpoint(
                rows.getString(1),
                rows.getString(2),
                StoreJson.readStrings(rows.getString(3)),
                rows.getTimestamp(4).toInstant()));
      }
    }
    return checkpoints;
  }
}
