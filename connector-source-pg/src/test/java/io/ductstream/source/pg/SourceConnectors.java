package io.ductstream.source.pg;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/** Starts and inspects source connectors on the test worker. */
final class SourceConnectors {
  private SourceConnectors() {}

  /** A connector config streaming {@code db} with its own slot, publication and topic prefix. */
  static Map<String, String> config(TestDatabase db, String name, String tables) {
    Map<String, String> props = new HashMap<>();
    props.put("connector.class", PostgresSourceConnector.class.getName());
    props.put("tasks.max", "1");
    props.put("database.dsn", db.postgresUrl());
    props.put("slot.name", name.replace('-', '_') + "_slot");
    props.put("publication.name", name.replace('-', '_') + "_pub");
    props.put("table.include.list", tables);
    props.put("topic.prefix", name);
    props.put("heartbeat.interval.ms", "500");
    props.put("slot.active.wait.ms", "20000");
    return props;
  }

  static void startAndAwaitRunning(
      KafkaConnectCluster cluster, String name, Map<String, String> props)
      throws InterruptedException {
    cluster.connect().configureConnector(name, props);
    cluster
        .connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(name, 1, "source connector did not start");
  }

  /** The slot's confirmed_flush_lsn as a number, or -1 when it has none. */
  static long confirmedFlush(TestDatabase db, String slot) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots"
                    + " WHERE slot_name = '"
                    + slot
                    + "'")) {
      return rows.next() && rows.getString(1) != null ? rows.getLong(1) : -1;
    }
  }

  /** Transactions Postgres sent to the slot in streamed chunks (pg_stat_replication_slots). */
  static long streamedTransactions(TestDatabase db, String slot) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT stream_txns FROM pg_stat_replication_slots WHERE slot_name = '"
                    + slot
                    + "'")) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /** Current WAL insert position as a number. */
  static long currentWal(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** True when a connection streams the slot now. */
  static boolean slotActive(TestDatabase db, String slot) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
      return rows.next() && rows.getBoolean(1);
    }
  }

  static void awaitSlotActive(TestDatabase db, String slot) {
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> slotActive(db, slot));
  }

  /**
   * Waits until the slot's reader streams (its walsender past START_REPLICATION): a slot is active
   * already while the snapshot's connection creates it and exports the snapshot.
   */
  static void awaitStreaming(TestDatabase db, String slot) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              try (Connection c = db.connect();
                  Statement s = c.createStatement();
                  ResultSet rows =
                      s.executeQuery(
                          "SELECT count(*) FROM pg_stat_replication r JOIN pg_replication_slots s"
                              + " ON s.active_pid = r.pid WHERE s.slot_name = '"
                              + slot
                              + "' AND r.state = 'streaming'")) {
                return rows.next() && rows.getLong(1) == 1;
              }
            });
  }

  /**
   * Inserts {@code transactions} transactions of {@code rows} rows each into {@code table(id, txn)}
   * (id its primary key), ids counting from 0, pausing between them; counts each commit in {@code
   * committed}. A transaction that fails while the database is down is tried again.
   */
  static void insertTransactions(
      TestDatabase db,
      String table,
      int transactions,
      int rows,
      long pauseMillis,
      java.util.concurrent.atomic.AtomicInteger committed) {
    for (int t = 0; t < transactions; t++) {
      int first = t * rows;
      String insert =
          "INSERT INTO "
              + table
              + " SELECT g, "
              + t
              + " FROM generate_series("
              + first
              + ", "
              + (first + rows - 1)
              + ") g ON CONFLICT (id) DO NOTHING";
      while (true) {
        try {
          db.execute(insert);
          break;
        } catch (RuntimeException refused) {
          // the database is down on purpose: try the transaction again (ON CONFLICT: a commit
          // whose answer was lost with the connection is not repeated)
          sleepQuietly(200);
        }
      }
      committed.incrementAndGet();
      sleepQuietly(pauseMillis);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
