package io.ductstream.source.pg.ddl;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.jdbc.RetryPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema versions and DDL events of one flow in the DuctStream store ({@code
 * ductstream.schema_versions}, {@code ductstream.ddl_events}; the control plane's migrations make
 * them). A lost store connection is opened again, with backoff, for up to a minute.
 */
final class SchemaStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);
  private static final Duration RETRY_WINDOW = Duration.ofSeconds(60);

  /**
   * One schema version of a table.
   *
   * @param sinceLsn the commit LSN of the transaction it starts in; -1 while not reached (a version
   *     the catalog check found); 0 for the first version, in force from the start
   * @param sinceEvent the change messages before it in that transaction
   * @param eventId its DDL event, 0 for the first version
   */
  record Version(int version, RelationShape shape, long sinceLsn, long sinceEvent, long eventId) {
    boolean placed() {
      return sinceLsn >= 0;
    }

    /** True when it starts at or before the change numbered {@code event} of {@code lsn}. */
    boolean startsBy(long lsn, long event) {
      int order = Long.compareUnsigned(sinceLsn, lsn);
      return placed() && (order < 0 || (order == 0 && sinceEvent <= event));
    }
  }

  /** An event's status, and the reason when it was rejected. */
  record Status(String status, String reason) {
    boolean applied() {
      return status.equals("applied");
    }
  }

  /** What a new version's event says. */
  record NewEvent(
      String detectedBy, String status, String diff, String planJson, String ddl, String by) {}

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final PostgresDsn dsn;
  private final String flowId;
  private Connection connection;

  SchemaStore(PostgresDsn dsn, String flowId) {
    this.dsn = dsn;
    this.flowId = flowId;
  }

  /**
   * Fails with a clear message when the store lacks the DDL tables (the control plane's migrations
   * were not run against it).
   */
  void check() {
    boolean ready =
        run(
            "check the DDL tables",
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                          + " 'ductstream' AND ((table_name = 'schema_versions' AND column_name ="
                          + " 'since_lsn') OR (table_name = 'ddl_events' AND column_name ="
                          + " 'table_version'))")) {
                try (ResultSet rows = s.executeQuery()) {
                  rows.next();
                  return rows.getInt(1) == 2;
                }
              }
            });
    if (!ready) {
      throw new ConnectException(
          "ddl.store.dsn "
              + dsn.masked()
              + " has no DuctStream store with DDL tables (schema ductstream, migration 5): start"
              + " bin/ductstream once with DUCTSTREAM_POSTGRES_DSN set to it, which creates them");
    }
  }

  /** The versions of {@code table}, oldest first. */
  List<Version> versions(TableId table) {
    return run(
        "read the schema versions of " + table,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT version, schema_json::text, coalesce(since_lsn::text, ''),"
                      + " coalesce(since_event, 0), coalesce(ddl_event_id, 0)"
                      + " FROM ductstream.schema_versions"
                      + " WHERE flow_id = ? AND namespace = ? AND name = ? ORDER BY version")) {
            bindTable(s, 1, table);
            List<Version> versions = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                String since = rows.getString(3);
                versions.add(
                    new Version(
                        rows.getInt(1),
                        RelationShape.fromJson(rows.getString(2)),
                        since.isEmpty() ? -1 : LogSequenceNumber.valueOf(since).asLong(),
                        rows.getLong(4),
                        rows.getLong(5)));
              }
            }
            return versions;
          }
        });
  }

  /** Records {@code shape} as version 1 of {@code table} unless it has versions already. */
  void addFirst(TableId table, RelationShape shape) {
    run(
        "record the first schema version of " + table,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO ductstream.schema_versions (flow_id, namespace, name, version,"
                      + " schema_json, since_lsn, since_event)"
                      + " VALUES (?, ?, ?, 1, ?::jsonb, '0/0', 0) ON CONFLICT DO NOTHING")) {
            bindTable(s, 1, table);
            s.setString(4, shape.toJson());
            return s.executeUpdate();
          }
        });
  }

  /**
   * Records the next version of {@code table} with its event, in one transaction.
   *
   * @param from the version it follows
   * @param sinceLsn where it starts, -1 when not reached yet
   * @return the new version
   */
  Version addVersion(
      TableId table,
      Version from,
      RelationShape shape,
      long sinceLsn,
      long sinceEvent,
      NewEvent event) {
    return run(
        "record a schema change of " + table,
        c -> {
          c.setAutoCommit(false);
          try {
            try (PreparedStatement lock =
                c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
              lock.setString(1, flowId);
              lock.setString(2, table.toString());
              lock.execute();
            }
            int version;
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT coalesce(max(version), 0) + 1 FROM ductstream.schema_versions"
                        + " WHERE flow_id = ? AND namespace = ? AND name = ?")) {
              bindTable(s, 1, table);
              try (ResultSet rows = s.executeQuery()) {
                rows.next();
                version = rows.getInt(1);
              }
            }
            long eventId;
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO ductstream.ddl_events (flow_id, namespace, name, ddl, plan_json,"
                        + " lsn, status, table_version, tx_event, old_shape, new_shape, diff,"
                        + " detected_by, approved_at, approved_by, applied_at, applied_by)"
                        + " VALUES (?, ?, ?, ?, ?::jsonb, ?::pg_lsn, ?, ?, ?, ?::jsonb, ?::jsonb, ?,"
                        + " ?, CASE WHEN ? IN ('approved', 'applied') THEN now() END,"
                        + " CASE WHEN ? IN ('approved', 'applied') THEN ? END,"
                        + " CASE WHEN ? = 'applied' THEN now() END,"
                        + " CASE WHEN ? = 'applied' THEN ? END) RETURNING id")) {
              bindTable(s, 1, table);
              s.setString(4, event.ddl());
              s.setString(5, event.planJson());
              s.setString(6, sinceLsn < 0 ? null : LogSequenceNumber.valueOf(sinceLsn).asString());
              s.setString(7, event.status());
              s.setInt(8, version);
              if (sinceLsn < 0) {
                s.setNull(9, java.sql.Types.BIGINT);
              } else {
                s.setLong(9, sinceEvent);
              }
              s.setString(10, from.shape().toJson());
              s.setString(11, shape.toJson());
              s.setString(12, event.diff());
              s.setString(13, event.detectedBy());
              s.setString(14, event.status());
              s.setString(15, event.status());
              s.setString(16, event.by());
              s.setString(17, event.status());
              s.setString(18, event.status());
              s.setString(19, event.by());
              try (ResultSet rows = s.executeQuery()) {
                rows.next();
                eventId = rows.getLong(1);
              }
            }
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO ductstream.schema_versions (flow_id, namespace, name, version,"
                        + " schema_json, since_lsn, since_event, ddl_event_id)"
                        + " VALUES (?, ?, ?, ?, ?::jsonb, ?::pg_lsn, ?, ?)")) {
              bindTable(s, 1, table);
              s.setInt(4, version);
              s.setString(5, shape.toJson());
              s.setString(6, sinceLsn < 0 ? null : LogSequenceNumber.valueOf(sinceLsn).asString());
              if (sinceLsn < 0) {
                s.setNull(7, java.sql.Types.BIGINT);
              } else {
                s.setLong(7, sinceEvent);
              }
              s.setLong(8, eventId);
              s.executeUpdate();
            }
            c.commit();
            return new Version(version, shape, sinceLsn, sinceEvent, eventId);
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  /** The stream reached version {@code version} (found by the catalog check) at this position. */
  void place(TableId table, Version version, long lsn, long event) {
    run(
        "record where schema version " + version.version() + " of " + table + " starts",
        c -> {
          String text = LogSequenceNumber.valueOf(lsn).asString();
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE ductstream.schema_versions SET since_lsn = ?::pg_lsn, since_event = ?"
                      + " WHERE flow_id = ? AND namespace = ? AND name = ? AND version = ?"
                      + " AND since_lsn IS NULL")) {
            s.setString(1, text);
            s.setLong(2, event);
            bindTable(s, 3, table);
            s.setInt(6, version.version());
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE ductstream.ddl_events SET lsn = ?::pg_lsn, tx_event = ?"
                      + " WHERE id = ? AND lsn IS NULL")) {
            s.setString(1, text);
            s.setLong(2, event);
            s.setLong(3, version.eventId());
            return s.executeUpdate();
          }
        });
  }

  /** The status of event {@code id}. */
  Status status(long id) {
    return run(
        "read the status of DDL event " + id,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT status, coalesce(reason, '') FROM ductstream.ddl_events WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rows = s.executeQuery()) {
              return rows.next()
                  ? new Status(rows.getString(1), rows.getString(2))
                  : new Status("deleted", "");
            }
          }
        });
  }

  /** Moves approved event {@code id} to applied; false when it was not approved. */
  boolean markApplied(long id, String by) {
    return run(
        "apply DDL event " + id,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE ductstream.ddl_events SET status = 'applied', applied_at = now(),"
                      + " applied_by = ? WHERE id = ? AND status = 'approved'")) {
            s.setString(1, by);
            s.setLong(2, id);
            return s.executeUpdate() == 1;
          }
        });
  }

  /**
   * The capture trigger sent the statement that changed {@code table}: it becomes the text of the
   * table's latest event the stream has not reached, when that one has no statement yet.
   *
   * @return true when an event took it
   */
  boolean attachStatement(TableId table, String statement) {
    return run(
        "attach a DDL statement to an event of " + table,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE ductstream.ddl_events SET ddl = ? WHERE id = (SELECT max(id) FROM"
                      + " ductstream.ddl_events WHERE flow_id = ? AND namespace = ? AND name = ?"
                      + " AND lsn IS NULL AND ddl = diff)")) {
            s.setString(1, statement);
            bindTable(s, 2, table);
            return s.executeUpdate() == 1;
          }
        });
  }

  private void bindTable(PreparedStatement s, int first, TableId table) throws SQLException {
    s.setString(first, flowId);
    s.setString(first + 1, table.schema());
    s.setString(first + 2, table.table());
  }

  private synchronized <T> T run(String what, Work<T> work) {
    RetryPolicy retries =
        RetryPolicy.sleeping(Duration.ofMillis(500), Duration.ofSeconds(10), RETRY_WINDOW);
    while (true) {
      try {
        if (connection == null || connection.isClosed()) {
          connection = PgConnections.open(dsn);
        }
        T result = work.run(connection);
        return result;
      } catch (SQLException e) {
        boolean lost = e instanceof PgConnections.Unavailable || connectionLost(e);
        closeQuietly();
        Duration wait = lost ? retries.failed() : null;
        if (wait == null) {
          throw new ConnectException(
              "cannot "
                  + what
                  + " in the DuctStream store "
                  + dsn.masked()
                  + " (ddl.store.dsn): "
                  + e.getMessage(),
              e);
        }
        log.warn(
            "cannot {} in the DuctStream store {} ({}); retrying in {} ms",
            what,
            dsn.masked(),
            e.getMessage(),
            wait.toMillis());
        try {
          retries.pause(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ConnectException("interrupted while waiting for the DuctStream store", e);
        }
      }
    }
  }

  private static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
