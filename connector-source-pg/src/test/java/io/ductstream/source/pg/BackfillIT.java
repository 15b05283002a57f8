package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On-demand backfills through a real Connect worker: a row in the signal table makes the task read
 * a table again, in chunks between watermarks, while streaming and writes go on. Folding every
 * record of the topic by key in order must give exactly the table.
 */
class BackfillIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int ROWS = 3000;
  private static KafkaConnectCluster cluster;
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    db = PostgresServer.shared().createDatabase("backfill");
    db.execute(
        "CREATE TABLE ductstream_signal (id text PRIMARY KEY, type text NOT NULL, data text)");
  }

  private static Map<String, String> config(String name, String table) {
    Map<String, String> props = SourceConnectors.config(db, name, table);
    props.put("signal.table", "public.ductstream_signal");
    props.put("backfill.chunk.rows", "250");
    props.put("snapshot.mode", "never");
    return props;
  }

  @Test
  void signalledBackfillWhileWritesGoOnEndsExactlyAtTheTablesState() throws Exception {
    String name = cluster.uniqueName("bf-writes");
    db.execute(
        "CREATE TABLE items (id int PRIMARY KEY, val int NOT NULL, note text)",
        "INSERT INTO items SELECT g, 0, 'row ' || g FROM generate_series(1, " + ROWS + ") g");
    SourceConnectors.startAndAwaitRunning(cluster, name, config(name, "public.items"));
    Set<Integer> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    Thread writer = new Thread(() -> write(touched, writing, writes), "items-writer");
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\.public\\.items")) {
      writer.start();
      Awaitility.await().atMost(WAIT).until(() -> writes.get() > 20);
      db.execute(
          "INSERT INTO ductstream_signal VALUES ('bf-1', 'execute-snapshot',"
              + " '{\"data-collections\": [\"public.items\"]}')");

      // writes go on until the backfill reached the table's end
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  topics.settle(Duration.ofMillis(300)).stream()
                      .anyMatch(c -> c.op().equals("r") && c.key().getInt32("id") > ROWS - 250));
      writing.set(false);
      writer.join();
      db.execute("INSERT INTO items VALUES (" + (ROWS + 1000) + ", -1, 'last')");
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  topics.settle(Duration.ofMillis(300)).stream()
                      .anyMatch(c -> c.key().getInt32("id") == ROWS + 1000));
      List<ChangeTopics.Change> changes = topics.settle(Duration.ofSeconds(2));

      Map<Integer, String> folded = fold(changes);
      System.out.printf(
          "backfill IT: %d writes during the backfill touched %d keys; %d records, %d of them"
              + " op=r%n",
          writes.get(),
          touched.size(),
          changes.size(),
          changes.stream().filter(c -> c.op().equals("r")).count());
      assertThat(folded).isEqualTo(table("items"));
      Map<Integer, Long> readsPerKey = new HashMap<>();
      for (ChangeTopics.Change change : changes) {
        if (change.op().equals("r")) {
          assertThat(change.source().getBoolean("snapshot")).isTrue();
          readsPerKey.merge(change.key().getInt32("id"), 1L, Long::sum);
        }
      }
      for (int id = 1; id <= ROWS; id++) {
        if (!touched.contains(id)) {
          assertThat(readsPerKey.get(id)).as("reads of untouched row %d", id).isEqualTo(1L);
        }
      }
      assertThat(readsPerKey.values()).allMatch(n -> n == 1L);
    } finally {
      writing.set(false);
      writer.join();
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void aRestartedTaskGoesOnWithTheBackfillWhereTheLastDurableRecordWas() throws Exception {
    String name = cluster.uniqueName("bf-restart");
    db.execute(
        "CREATE TABLE parts (id int PRIMARY KEY, val int NOT NULL, note text)",
        "INSERT INTO parts SELECT g, 0, 'part ' || g FROM generate_series(1, " + ROWS + ") g");
    Map<String, String> props = config(name, "public.parts");
    props.put("backfill.chunk.rows", "100");
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\.public\\.parts")) {
      db.execute(
          "INSERT INTO ductstream_signal VALUES ('bf-2', 'execute-snapshot',"
              + " '{\"data-collections\": [\"public.parts\"]}')");
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> topics.settle(Duration.ofMillis(200)).size() >= 500);

      cluster.connect().restartConnectorAndTasks(name, false, true, false);
      System.out.printf(
          "backfill IT: restarted the connector and its task after %d records%n",
          topics.settle(Duration.ZERO).size());
      db.execute("UPDATE parts SET val = 1, note = 'after restart' WHERE id = " + ROWS);
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  fold(topics.settle(Duration.ofMillis(300))).equals(table("parts"))
                      && topics.settle(Duration.ZERO).stream()
                          .anyMatch(c -> c.op().equals("r") && c.key().getInt32("id") == ROWS - 1));

      Map<Integer, Long> readsPerKey = new HashMap<>();
      topics.settle(Duration.ofSeconds(1)).stream()
          .filter(c -> c.op().equals("r"))
          .forEach(c -> readsPerKey.merge(c.key().getInt32("id"), 1L, Long::sum));
      Set<Integer> missing = new HashSet<>();
      for (int id = 1; id < ROWS; id++) {
        if (!readsPerKey.containsKey(id)) {
          missing.add(id);
        }
      }
      assertThat(missing).as("rows never read by the backfill").isEmpty();
      long repeated = readsPerKey.values().stream().filter(n -> n > 1).count();
      System.out.printf(
          "backfill IT: after the restart %d rows were read twice (the chunks in flight)%n",
          repeated);
      assertThat(repeated).as("only the chunks in flight are read again").isLessThan(ROWS / 2);
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void badSignalsAreSkippedAndStreamingGoesOn() throws Exception {
    String name = cluster.uniqueName("bf-bad");
    db.execute("CREATE TABLE quiet (id int PRIMARY KEY, note text)");
    SourceConnectors.startAndAwaitRunning(cluster, name, config(name, "public.quiet"));
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      db.execute(
          "INSERT INTO ductstream_signal VALUES ('bad-1', 'execute-snapshot', 'not json')",
          "INSERT INTO ductstream_signal VALUES ('bad-2', 'execute-snapshot',"
              + " '{\"data-collections\": [\"public.no_such_table\"]}')",
          "INSERT INTO ductstream_signal VALUES ('bad-3', 'pause', '{}')",
          "INSERT INTO quiet VALUES (1, 'still streaming')");

      List<ChangeTopics.Change> changes = topics.await(1, WAIT);

      assertThat(topics.settle(Duration.ofSeconds(2)))
          .as("signal rows are not records; the bad signals emit nothing")
          .hasSize(1);
      assertThat(changes.get(0).after().getString("note")).isEqualTo("still streaming");
      cluster
          .connect()
          .assertions()
          .assertConnectorAndExactlyNumTasksAreRunning(name, 1, "task stopped on a bad signal");
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void aMissingSignalTableIsASetupErrorThatSaysHowToCreateIt() {
    Map<String, String> props = config("bf-missing", "public.items");
    props.put("signal.table", "public.no_signals");
    props.put("publication.name", "bf_missing_pub");

    PostgresSourceConnector connector = new PostgresSourceConnector();
    assertThatThrownBy(() -> connector.start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("signal table public.no_signals does not exist; create it with")
        .hasMessageContaining("(id text PRIMARY KEY, type text NOT NULL, data text)");

    props.put("signal.table", "public.items");
    assertThatThrownBy(() -> connector.start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not id, type and data");

    props.put("signal.table", "\"bad.name");
    assertThatThrownBy(() -> connector.start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("signal.table")
        .hasMessageContaining("is not a table name");
  }

  /** Random single-row updates, deletes and inserts, each its own transaction. */
  private static void write(Set<Integer> touched, AtomicBoolean writing, AtomicInteger writes) {
    Random random = new Random(42);
    int nextId = ROWS + 1;
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      while (writing.get()) {
        int id = 1 + random.nextInt(ROWS);
        int what = random.nextInt(10);
        if (what < 6) {
          s.execute("UPDATE items SET val = val + 1 WHERE id = " + id);
        } else if (what < 8) {
          s.execute("DELETE FROM items WHERE id = " + id);
        } else {
          id = nextId++;
          s.execute("INSERT INTO items VALUES (" + id + ", 100, 'new')");
        }
        touched.add(id);
        writes.incrementAndGet();
        Thread.sleep(2);
      }
    } catch (Exception e) {
      throw new IllegalStateException("writer failed: " + e.getMessage(), e);
    }
  }

  /** The table's rows as {@code id -> "val|note"}. */
  private static Map<Integer, String> table(String table) throws Exception {
    Map<Integer, String> rows = new HashMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id, val, note FROM " + table)) {
      while (r.next()) {
        rows.put(r.getInt(1), r.getInt(2) + "|" + r.getString(3));
      }
    }
    return rows;
  }

  /** Applies every change in topic order: r, c and u put the row, d removes it. */
  private static Map<Integer, String> fold(List<ChangeTopics.Change> changes) {
    Map<Integer, String> rows = new HashMap<>();
    for (ChangeTopics.Change change : changes) {
      int id = change.key().getInt32("id");
      if (change.op().equals("d")) {
        rows.remove(id);
      } else {
        Struct after = change.after();
        rows.put(id, after.getInt32("val") + "|" + after.getString("note"));
      }
    }
    return rows;
  }
}
