package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Faults while changes stream: the connector restarts, the replication connection is killed.
 * Nothing may be lost, nothing duplicated, and the slot's confirmed position may never pass a
 * change that had not reached Kafka.
 */
@Tag("fault")
class FaultToleranceIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int TRANSACTIONS = 120;
  private static final int ROWS_PER_TRANSACTION = 25;
  private static KafkaConnectCluster cluster;
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    db = PostgresServer.shared().createDatabase("faults");
  }

  @Test
  void connectorRestartMidStreamLosesNothingAndRepeatsNothing() throws Exception {
    String name = cluster.uniqueName("restart");
    runWithFault(
        name,
        () -> {
          System.out.println("injected: restart of connector and task " + name);
          cluster.connect().restartConnectorAndTasks(name, false, true, false);
        });
  }

  @Test
  void killedReplicationConnectionIsReopenedWithoutLossOrRepeats() throws Exception {
    String name = cluster.uniqueName("walsender");
    runWithFault(
        name,
        () -> {
          String slot = name.replace('-', '_') + "_slot";
          try (Connection c = db.connect();
              Statement s = c.createStatement()) {
            s.execute(
                "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                    + " WHERE slot_name = '"
                    + slot
                    + "' AND active_pid IS NOT NULL");
          }
          System.out.println("injected: pg_terminate_backend of the walsender of slot " + slot);
        });
  }

  @Test
  void databaseOutageIsRiddenOutWithoutLossOrRepeats() throws Exception {
    String name = cluster.uniqueName("outage");
    runWithFault(
        name,
        () -> {
          setConnectionsAllowed(false);
          terminateOtherConnections();
          System.out.println("injected: " + db.name() + " refuses connections for 4 s");
          Thread.sleep(4000);
          setConnectionsAllowed(true);
        });
  }

  @Test
  void outageLongerThanTheRetryTimeoutFailsTheTaskWithTheReason() throws Exception {
    String name = cluster.uniqueName("longoutage");
    String table = name.replace('-', '_');
    db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
    Map<String, String> props = SourceConnectors.config(db, name, table);
    props.put("connection.retry.timeout.ms", "2000");
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    // the outage is to hit the stream (a snapshot stopped by a lost connection fails at once)
    SourceConnectors.awaitStreaming(db, table + "_slot");
    try {
      setConnectionsAllowed(false);
      terminateOtherConnections();
      System.out.println("injected: " + db.name() + " refuses connections past the retry timeout");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                var status = cluster.connect().connectorStatus(name);
                assertThat(status.tasks().get(0).state()).isEqualTo("FAILED");
                assertThat(status.tasks().get(0).trace())
                    .contains("did not recover within 2 s (connection.retry.timeout.ms)");
              });
    } finally {
      setConnectionsAllowed(true);
      cluster.connect().deleteConnector(name);
    }
  }

  /** Opens or closes the test database to new connections, from the server's own database. */
  private static void setConnectionsAllowed(boolean allowed) throws Exception {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                db.jdbcUrl().replace("/" + db.name(), "/postgres"), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS " + allowed);
    }
  }

  private static void terminateOtherConnections() throws Exception {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                db.jdbcUrl().replace("/" + db.name(), "/postgres"), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + db.name()
              + "' AND pid <> pg_backend_pid()");
    }
  }

  interface Fault {
    void inject() throws Exception;
  }

  private void runWithFault(String name, Fault fault) throws Exception {
    String table = name.replace('-', '_');
    db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, txn int)");
    Map<String, String> props = SourceConnectors.config(db, name, table);
    String slot = props.get("slot.name");
    String topic = name + ".public." + table;
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger committed = new AtomicInteger();
      Thread writer =
          new Thread(
              () -> {
                try {
                  SourceConnectors.insertTransactions(
                      db, table, TRANSACTIONS, ROWS_PER_TRANSACTION, 15, committed);
                } finally {
                  writing.set(false);
                }
              });
      writer.start();

      // Sample the slot's confirmed position and, right after, how far the topic was written.
      List<long[]> samples = new ArrayList<>();
      boolean injected = false;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (writing.get() && System.nanoTime() < deadline) {
        long confirmed = SourceConnectors.confirmedFlush(db, slot);
        Map<Integer, Long> ends = endOffsetsOrEmpty(topics, topic);
        samples.add(new long[] {confirmed, ends.getOrDefault(0, 0L)});
        if (!injected && committed.get() > TRANSACTIONS / 3) {
          fault.inject();
          injected = true;
        }
        sleep(50);
      }
      writer.join();

      List<ChangeTopics.Change> changes = topics.await(TRANSACTIONS * ROWS_PER_TRANSACTION, WAIT);
      changes = topics.settle(Duration.ofSeconds(3));

      Map<Integer, Long> perId =
          changes.stream()
              .collect(Collectors.groupingBy(c -> c.after().getInt32("id"), Collectors.counting()));
      System.out.println(
          "checked: "
              + perId.size()
              + " distinct rows of "
              + TRANSACTIONS * ROWS_PER_TRANSACTION
              + " in "
              + changes.size()
              + " records; "
              + samples.size()
              + " samples of confirmed_flush_lsn against the topic's end offset");
      FaultReport.of(
              1,
              java.util.stream.IntStream.range(0, TRANSACTIONS * ROWS_PER_TRANSACTION)
                  .boxed()
                  .toList(),
              changes.stream().map(c -> c.after().getInt32("id")).toList())
          .print(name);
      assertThat(perId).as("every row arrived").hasSize(TRANSACTIONS * ROWS_PER_TRANSACTION);
      assertThat(perId.values()).as("no row arrived twice").allMatch(n -> n == 1);
      assertConfirmedNeverAhead(changes, samples);
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  /**
   * For each sample (confirmed LSN, topic end offset right after): every change of a transaction
   * committed before the confirmed LSN was already in the topic at that moment.
   */
  private static void assertConfirmedNeverAhead(
      List<ChangeTopics.Change> changes, List<long[]> samples) {
    Map<Long, Long> lastOffsetByCommit =
        changes.stream()
            .collect(
                Collectors.toMap(
                    c -> c.source().getInt64("lsn"), ChangeTopics.Change::offset, Math::max));
    int checked = 0;
    for (long[] sample : samples) {
      long confirmed = sample[0];
      long endOffset = sample[1];
      for (Map.Entry<Long, Long> tx : lastOffsetByCommit.entrySet()) {
        if (confirmed > 0 && tx.getKey() < confirmed) {
          assertThat(tx.getValue())
              .as("transaction at LSN %d confirmed at %d was in Kafka", tx.getKey(), confirmed)
              .isLessThan(endOffset);
          checked++;
        }
      }
    }
    assertThat(checked).as("some confirmations were checked").isPositive();
  }

  private static Map<Integer, Long> endOffsetsOrEmpty(ChangeTopics topics, String topic) {
    try {
      return topics.endOffsets(topic);
    } catch (RuntimeException e) {
      return new HashMap<>();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
