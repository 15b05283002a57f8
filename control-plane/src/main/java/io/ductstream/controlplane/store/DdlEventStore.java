package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.DdlEvent;
import io.ductstream.controlplane.flow.DdlStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The schema changes in the store's {@code ductstream.ddl_events} table. */
public final class DdlEventStore {
  private static final String COLUMNS =
      "id, coalesce(flow_id, ''), namespace, name, table_version, ddl, diff, old_shape::text,"
          + " new_shape::text, detected_by, lsn::text, status, plan_json::text, reason, created_at,"
          + " approved_at, approved_by, rejected_at, rejected_by, applied_at, applied_by";

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
   * Moves event {@code id} from {@code from} to {@code to}, recording when and by whom ({@code
   * approved_at/_by}, {@code rejected_at/_by} with the reason, or {@code applied_at/_by}).
   *
   * @param reason why, for a rejection (ignored otherwise)
   * @return the changed event; empty if it was no longer in {@code from}
   */
  public Optional<DdlEvent> changeStatus(
      long id, DdlStatus from, DdlStatus to, String actor, String reason) {
    String set =
        switch (to) {
          case APPROVED -> "approved_at = now(), approved_by = ?";
          case REJECTED -> "rejected_at = now(), rejected_by = ?, reason = ?";
          case APPLIED -> "applied_at = now(), applied_by = ?";
          case PENDING -> throw new IllegalArgumentException("no decision makes an event pending");
        };
    return connections.query(
        "change the status of DDL event " + id,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE ductstream.ddl_events SET status = ?, "
                      + set
                      + " WHERE id = ? AND status = ? RETURNING "
                      + COLUMNS)) {
            int parameter = 1;
            update.setString(parameter++, to.apiName());
            update.setString(parameter++, actor);
            if (to == DdlStatus.REJECTED) {
              update.setString(parameter++, reason);
            }
            update.setLong(parameter++, id);
            update.setString(parameter, from.apiName());
            return first(read(update));
          }
        });
  }

  /**
   * The events not applied yet (pending, approved or rejected) per flow id, oldest first: those the
   * gate holds a gated flow at. Only flow {@code flowId} when given.
   */
  public Map<String, List<HeldEvent>> unappliedPerFlow(Optional<String> flowId) {
    return connections.query(
        "read the DDL events not applied yet",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT flow_id, id, status, reason FROM ductstream.ddl_events"
                      + " WHERE status <> ? AND flow_id IS NOT NULL"
                      + " AND (?::text IS NULL OR flow_id = ?) ORDER BY flow_id, id")) {
            select.setString(1, DdlStatus.APPLIED.apiName());
            select.setString(2, flowId.orElse(null));
            select.setString(3, flowId.orElse(null));
            Map<String, List<HeldEvent>> held = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                held.computeIfAbsent(rows.getString(1), f -> new ArrayList<>())
                    .add(
                        new HeldEvent(
                            rows.getLong(2),
                            DdlStatus.find(rows.getString(3)).orElseThrow(),
                            rows.getString(4)));
              }
            }
            return held;
          }
        });
  }

  /** An event that holds a gated flow: its id, status and (when rejected) the reason. */
  public record HeldEvent(long id, DdlStatus status, String reason) {}

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
        int version = rows.getInt(5);
        OptionalInt tableVersion = rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(version);
        events.add(
            new DdlEvent(
                rows.getLong(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                tableVersion,
                rows.getString(6),
                rows.getString(7),
                Optional.ofNullable(rows.getString(8)),
                Optional.ofNullable(rows.getString(9)),
                rows.getString(10),
                Optional.ofNullable(rows.getString(11)),
                DdlStatus.find(rows.getString(12)).orElseThrow(),
                Optional.ofNullable(rows.getString(13)),
                rows.getString(14),
                rows.getTimestamp(15).toInstant(),
                transition(rows, 16),
                transition(rows, 18),
                transition(rows, 20)));
      }
    }
    return events;
  }

  /** The transition in columns {@code at} (timestamp) and {@code at + 1} (who), if it happened. */
  private static Optional<DdlEvent.Transition> transition(ResultSet rows, int at)
      throws SQLException {
    Timestamp when = rows.getTimestamp(at);
    String who = rows.getString(at + 1);
    return when == null
        ? Optional.empty()
        : Optional.of(new DdlEvent.Transition(when.toInstant(), who == null ? "" : who));
  }
}
