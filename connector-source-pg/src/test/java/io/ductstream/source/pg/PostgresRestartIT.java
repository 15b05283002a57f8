package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresCluster.Shutdown;
import io.ductstream.testkit.RestartablePostgres;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The source database itself goes down while changes stream to Kafka: restarted fast and
 * immediately (a crash: the slot's state on disk may be older than what the task confirmed), and a
 * slot invalidated by {@code max_slot_wal_keep_size} while its connector is paused. Every change
 * the database committed arrives, none twice; a slot that lost its WAL fails the task at once, with
 * the way back, instead of retrying for minutes or streaming on past the gap.
 */
@Tag("fault")
class PostgresRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int TRANSACTIONS = 90;
  private static final int ROWS_PER_TRANSACTION = 20;

  private static KafkaConnectCluster cluster;
  private static RestartablePostgres pg;
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    pg = RestartablePostgres.start(Map.of());
    db = pg.server().createDatabase("restarts");
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void fastAndImmediateRestartsOfTheDatabaseLoseNothingAndRepeatNothing() throws Exception {
    String name = cluster.uniqueName("pgrestart");
    String table = name.replace('-', '_');
    db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, txn int)");
    Map<String, String> props = SourceConnectors.config(db, name, table);
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      AtomicInteger committed = new AtomicInteger();
      Thread writer =
          new Thread(
              () ->
                  SourceConnectors.insertTransactions(
                      db, table, TRANSACTIONS, ROWS_PER_TRANSACTION, 40, committed),
              "restart-writer");
      writer.start();
      int faults = 0;
      for (Shutdown mode : Shutdown.values()) {
        int before = committed.get();
        Awaitility.await().atMost(WAIT).until(() -> committed.get() >= before + TRANSACTIONS / 3);
        pg.restart(mode);
        faults++;
        System.out.println("injected: " + mode + " restart of PostgreSQL mid-stream");
      }
      writer.join(WAIT.toMillis());
      assertThat(writer.isAlive()).as("the writer finished").isFalse();

      List<Integer> sent = ids(table);
      assertThat(sent).hasSize(TRANSACTIONS * ROWS_PER_TRANSACTION);
      topics.awaitDistinct(sent.size(), c -> c.after().getInt32("id"), WAIT);
      List<Integer> arrived = new ArrayList<>();
      for (ChangeTopics.Change change : topics.settle(Duration.ofSeconds(2))) {
        arrived.add(change.after().getInt32("id"));
      }
      FaultReport report = FaultReport.of(faults, sent, arrived).print("PostgreSQL restarts");
      assertThat(report.lost()).as("changes lost").isZero();
      assertThat(report.duplicates()).as("changes repeated").isZero();
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void aSlotInvalidatedWhileItsConnectorIsPausedFailsTheTaskWithTheWayBack() throws Exception {
    String name = cluster.uniqueName("pglost");
    String table = name.replace('-', '_');
    db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, pad text)");
    Map<String, String> props = SourceConnectors.config(db, name, table);
    String slot = props.get("slot.name");
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      db.execute("INSERT INTO " + table + " VALUES (1, 'before the pause')");
      topics.await(1, WAIT);
      // Paused, the task stops taking records: its queue fills and the slot stops advancing.
      cluster.connect().pauseConnector(name);
      cluster
          .connect()
          .assertions()
          .assertConnectorAndExactlyNumTasksArePaused(name, 1, "connector did not pause");
      long lostAt = invalidate(slot, table);
      System.out.println("injected: slot " + slot + " invalidated (wal_status lost) at " + lostAt);
      cluster.connect().resumeConnector(name);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                var task = cluster.connect().connectorStatus(name).tasks().get(0);
                assertThat(task.state()).isEqualTo("FAILED");
                assertThat(task.trace())
                    .contains("replication slot " + slot + " lost the WAL after")
                    .contains("streaming on would skip them")
                    .contains("snapshot.mode=when_needed")
                    .contains("pg_drop_replication_slot('" + slot + "')");
              });
      long arrived =
          topics.settle(Duration.ofSeconds(1)).stream()
              .filter(c -> c.after().getInt32("id") > 1)
              .count();
      System.out.println(
          "checked: the task failed with the way back; "
              + arrived
              + " changes of the lost WAL arrived before it (none may be skipped silently after)");
      assertThat(slotLost(slot)).as("the slot stays for the user to drop").isTrue();
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  /**
   * Writes past the slot's 1 MB allowance and checkpoints until PostgreSQL invalidates the slot;
   * returns the WAL position then.
   */
  private static long invalidate(String slot, String table) throws SQLException {
    int id = 2;
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      // a slot may keep no more WAL than the current segment (set for this test only)
      s.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'");
      s.execute("SELECT pg_reload_conf()");
      for (int round = 0; round < 20 && !slotLost(slot); round++) {
        s.execute(
            "INSERT INTO "
                + table
                + " SELECT g, repeat('x', 200) FROM generate_series("
                + id
                + ", "
                + (id + 999)
                + ") g");
        id += 1000;
        s.execute("SELECT pg_switch_wal()");
        s.execute("CHECKPOINT");
      }
      assertThat(slotLost(slot)).as("PostgreSQL invalidated the slot").isTrue();
      return SourceConnectors.currentWal(db);
    } finally {
      db.execute("ALTER SYSTEM RESET max_slot_wal_keep_size", "SELECT pg_reload_conf()");
    }
  }

  private static boolean slotLost(String slot) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet row =
            s.executeQuery(
                "SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
      return row.next() && "lost".equals(row.getString(1));
    }
  }

  private static List<Integer> ids(String table) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT id FROM " + table)) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    return ids;
  }
}
