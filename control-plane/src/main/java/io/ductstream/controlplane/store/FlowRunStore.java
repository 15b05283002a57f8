package io.ductstream.controlplane.store;

import io.ductstream.controlplane.flow.FlowRun;
import io.ductstream.controlplane.flow.RunStatus;
import io.ductstream.controlplane.flow.RunTrigger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The flows' DBOS runs in the store's {@code ductstream.flow_runs} table. */
public final class FlowRunStore {
  private static final String COLUMNS =
      "id, flow_id, trigger, status, rows, checkpoint_lsn::text, error, attempts, started_at,"
          + " finished_at";

  private final StoreConnections connections;

  public FlowRunStore(StoreConnections connections) {
    this.connections = connections;
  }

  /** Records that run {@code runId} of the flow started (once: a second call changes nothing). */
  public void started(String runId, String flowId, RunTrigger trigger) {
    connections.query(
        "record the start of run \"" + runId + "\" of flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO ductstream.flow_runs (id, flow_id, trigger) VALUES (?, ?, ?)"
                      + " ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, runId);
            insert.setString(2, flowId);
            insert.setString(3, trigger.storeName());
            return insert.executeUpdate();
          }
        });
  }

  /**
   * Counts an attempt of the run at running the flow: the first, or another after DBOS resumed the
   * run at a restart.
   */
  public void attempt(String runId) {
    connections.query(
        "record an attempt of run \"" + runId + "\"",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE ductstream.flow_runs SET attempts = attempts + 1, status = 'running',"
                      + " finished_at = NULL WHERE id = ?")) {
            update.setString(1, runId);
            return update.executeUpdate();
          }
        });
  }

  /** Records how the run ended. */
  public void finished(
      String runId, RunStatus status, long rows, Optional<String> checkpointLsn, String error) {
    connections.query(
        "record the end of run \"" + runId + "\"",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE ductstream.flow_runs SET status = ?, rows = ?, checkpoint_lsn ="
                      + " ?::pg_lsn, error = ?, finished_at = now() WHERE id = ?")) {
            update.setString(1, status.storeName());
            update.setLong(2, rows);
            update.setString(3, checkpointLsn.orElse(null));
            update.setString(4, error);
            update.setString(5, runId);
            return update.executeUpdate();
          }
        });
  }

  /** The flow's most recent runs, newest first. */
  public List<FlowRun> recent(String flowId, int limit) {
    return connections.query(
        "list the runs of flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM ductstream.flow_runs WHERE flow_id = ?"
                      + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
            select.setString(1, flowId);
            select.setInt(2, limit);
            return read(select);
          }
        });
  }

  /** The flow's most recent run, if it had one. */
  public Optional<FlowRun> last(String flowId) {
    return recent(flowId, 1).stream().findFirst();
  }

  private static List<FlowRun> read(PreparedStatement select) throws SQLException {
    List<FlowRun> runs = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        Timestamp finished = rs.getTimestamp(10);
        runs.add(
            new FlowRun(
                rs.getString(1),
                rs.getString(2),
                RunTrigger.fromStoreName(rs.getString(3)),
                RunStatus.fromStoreName(rs.getString(4)),
                rs.getLong(5),
                Optional.ofNullable(rs.getString(6)),
                rs.getString(7),
                rs.getInt(8),
                rs.getTimestamp(9).toInstant(),
                Optional.ofNullable(finished).map(Timestamp::toInstant)));
      }
    }
    return runs;
  }
}
