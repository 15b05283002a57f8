package io.ductstream.controlplane.store;

import io.ductstream.controlplane.ddl.DdlEvent;
import io.ductstream.controlplane.ddl.DdlStatus;
import io.ductstream.source.pg.config.PostgresDsn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The schema changes in the store's {@code ductstream.ddl_events} table. */
public final class DdlEventStore {
  private static final String COLUMNS =
      "id, coalesce(flow_id, ''), ddl, lsn::text, status, plan_json::text, created_at";

  private final StoreConnections connections;

  public DdlEventStore(PostgresDsn dsn) {
    this(StoreConnections.unpooled(dsn));
  }

  public DdlEventStore(StoreConnections connections) {
    this.connections = connections;
  }

  public Optional<DdlEvent> find(long id) {
    return connections.query(
        "read DDL event " + id,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM ductstream.ddl_events WHERE id = ?")) {
            select.setLong(1, id);
            return first(read(select));
          }
        });
  }

  /**
   * Up to {@code limit} events with the status and of the flow given (empty: any) whose id is above
   * {@code afterId}, oldest first.
   */
  public List<DdlEvent> list(
      Optional<DdlStatus> status, Optional<String> flowId, int limit, long afterId) {
    return connections.query(
        "list DDL events",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM ductstream.ddl_events WHERE (?::text IS NULL OR status = ?)"
                      + " AND (?::text IS NULL OR flow_id = ?) AND id > ? ORDER BY id LIMIT ?")) {
            String statusName = status.map(DdlStatus::apiName).orElse(null);
            select.setString(1, statusName);
            select.setString(2, statusName);
            select.setString(3, flowId.orElse(null));
            select.setString(4, flowId.orElse(null));
            select.setLong(5, afterId);
            select.setInt(6, limit);
            return read(select);
          }
        });
  }

  /**
   * Moves event {@code id} from {@code from} to {@code to} (setting applied_at when applied).
   *
   * @return the changed event; empty if it was no longer in {@code from}
   */
  public Optional<DdlEvent> changeStatus(long id, DdlStatus from, DdlStatus to) {
    return connections.query(
        "change the status of DDL event " + id,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE ductstream.ddl_events SET status = ?,"
                      + " applied_at = CASE WHEN ? THEN now() ELSE applied_at END"
                      + " WHERE id = ? AND status = ? RETURNING "
                      + COLUMNS)) {
            update.setString(1, to.apiName());
            update.setBoolean(2, to == DdlStatus.APPLIED);
            update.setLong(3, id);
            update.setString(4, from.apiName());
            return first(read(update));
          }
        });
  }

  /**
   * Per flow name, how many of its events are pending (0 for a flow with none); only flow {@code
   * flowId} when given.
   */
  public Map<String, Long> pendingPerFlow(Optional<String> flowId) {
    return connections.query(
        "count pending DDL events",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT f.name, count(e.id) FROM ductstream.flows f"
                      + " LEFT JOIN ductstream.ddl_events e ON e.flow_id = f.id AND e.status = ?"
                      + " WHERE (?::text IS NULL OR f.id = ?) GROUP BY f.name ORDER BY f.name")) {
            select.setString(1, DdlStatus.PENDING.apiName());
            select.setString(2, flowId.orElse(null));
            select.setString(3, flowId.orElse(null));
            Map<String, Long> counts = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
              }
            }
            return counts;
          }
        });
  }

  private static Optional<DdlEvent> first(List<DdlEvent> events) {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(0));
  }

  private static List<DdlEvent> read(PreparedStatement select) throws SQLException {
    List<DdlEvent> events = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        events.add(
            new DdlEvent(
                rows.getLong(1),
                rows.getString(2),
                rows.getString(3),
                Optional.ofNullable(rows.getString(4)),
                DdlStatus.find(rows.getString(5)).orElseThrow(),
                Optional.ofNullable(rows.getString(6)),
                rows.getTimestamp(7).toInstant()));
      }
    }
    return events;
  }
}
