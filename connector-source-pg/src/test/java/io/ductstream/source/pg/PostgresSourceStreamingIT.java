package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Row changes stream from a real Postgres through a real Connect worker into Kafka topics. */
class PostgresSourceStreamingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static KafkaConnectCluster cluster;
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    db = PostgresServer.shared().createDatabase("stream");
  }

  @AfterAll
  static void stop() {
    // connectors are deleted per test; the shared cluster and server stop with the JVM
  }

  @Test
  void insertUpdateDeleteAndTruncateArriveInOrderWithKeyAndSource() throws Exception {
    String name = cluster.uniqueName("crud");
    db.execute(
        "CREATE TABLE crud (id int PRIMARY KEY, name text, qty bigint)",
        "INSERT INTO crud VALUES (0, 'before start', 0)");
    Map<String, String> props = SourceConnectors.config(db, name, "public.crud");
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      db.execute(
          "INSERT INTO crud VALUES (1, 'one', 10), (2, 'two', 20)",
          "UPDATE crud SET qty = 11 WHERE id = 1",
          "DELETE FROM crud WHERE id = 2",
          "TRUNCATE crud");

      List<ChangeTopics.Change> all = topics.await(6, WAIT);

      assertThat(all).extracting(ChangeTopics.Change::topic).containsOnly(name + ".public.crud");
      assertThat(all)
          .extracting(ChangeTopics.Change::op)
          .containsExactly("r", "c", "c", "u", "d", "t");
      ChangeTopics.Change snapshot = all.get(0);
      assertThat(snapshot.key().getInt32("id")).as("the row before start, snapshotted").isZero();
      assertThat(snapshot.after().getString("name")).isEqualTo("before start");
      assertThat(snapshot.source().getBoolean("snapshot")).isTrue();
      List<ChangeTopics.Change> changes = all.subList(1, all.size());
      ChangeTopics.Change insert = changes.get(0);
      assertThat(insert.key().getInt32("id")).isEqualTo(1);
      assertThat(insert.after().getString("name")).isEqualTo("one");
      assertThat(insert.after().getInt64("qty")).isEqualTo(10L);
      assertThat(insert.before()).isNull();
      Struct source = insert.source();
      assertThat(source.getString("db")).isEqualTo(db.name());
      assertThat(source.getString("schema")).isEqualTo("public");
      assertThat(source.getString("table")).isEqualTo("crud");
      assertThat(source.getInt64("lsn")).isPositive();
      assertThat(source.getInt64("tx_id")).isPositive();
      assertThat(source.getInt64("commit_ts_us")).isGreaterThan(1_700_000_000_000_000L);
      assertThat(source.getBoolean("snapshot")).isFalse();
      assertThat(insert.value().getInt64("ts_us"))
          .isGreaterThanOrEqualTo(source.getInt64("commit_ts_us"));

      ChangeTopics.Change update = changes.get(2);
      assertThat(update.key().getInt32("id")).isEqualTo(1);
      assertThat(update.after().getInt64("qty")).isEqualTo(11L);
      assertThat(update.before()).as("default replica identity sends no old row").isNull();

      ChangeTopics.Change delete = changes.get(3);
      assertThat(delete.key().getInt32("id")).isEqualTo(2);
      assertThat(delete.before().getInt32("id")).isEqualTo(2);
      assertThat(delete.before().getString("name")).as("key-only old row").isNull();
      assertThat(delete.after()).isNull();

      ChangeTopics.Change truncate = changes.get(4);
      assertThat(truncate.key()).isNull();
      assertThat(truncate.after()).isNull();
      assertThat(truncate.source().getString("table")).isEqualTo("crud");
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void replicaIdentityFullSendsTheWholeOldRow() throws Exception {
    String name = cluster.uniqueName("full");
    db.execute(
        "CREATE TABLE full_identity (id int PRIMARY KEY, name text, note text)",
        "ALTER TABLE full_identity REPLICA IDENTITY FULL");
    SourceConnectors.startAndAwaitRunning(
        cluster, name, SourceConnectors.config(db, name, "full_identity"));
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      db.execute(
          "INSERT INTO full_identity VALUES (1, 'one', 'n1')",
          "UPDATE full_identity SET name = 'uno' WHERE id = 1",
          "DELETE FROM full_identity WHERE id = 1");

      List<ChangeTopics.Change> changes = topics.await(3, WAIT);

      ChangeTopics.Change update = changes.get(1);
      assertThat(update.before().getString("name")).isEqualTo("one");
      assertThat(update.before().getString("note")).isEqualTo("n1");
      assertThat(update.after().getString("name")).isEqualTo("uno");
      ChangeTopics.Change delete = changes.get(2);
      assertThat(delete.before().getString("name")).isEqualTo("uno");
      assertThat(delete.before().getString("note")).isEqualTo("n1");
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void updateWithUnchangedToastKeepsItsValueOutOfNull() throws Exception {
    String name = cluster.uniqueName("toast");
    db.execute(
        "CREATE TABLE toasted (id int PRIMARY KEY, big text, counter int)",
        "ALTER TABLE toasted ALTER COLUMN big SET STORAGE EXTERNAL",
        "CREATE TABLE toasted_full (id int PRIMARY KEY, big text, counter int)",
        "ALTER TABLE toasted_full ALTER COLUMN big SET STORAGE EXTERNAL",
        "ALTER TABLE toasted_full REPLICA IDENTITY FULL");
    SourceConnectors.startAndAwaitRunning(
        cluster, name, SourceConnectors.config(db, name, "toasted,toasted_full"));
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      String big = "x".repeat(100_000);
      db.execute(
          "INSERT INTO toasted VALUES (1, '" + big + "', 0)",
          "UPDATE toasted SET counter = 1 WHERE id = 1",
          "INSERT INTO toasted_full VALUES (1, '" + big + "', 0)",
          "UPDATE toasted_full SET counter = 1 WHERE id = 1");

      List<ChangeTopics.Change> all = topics.await(4, WAIT);
      // two topics: order is kept within each, not across them
      List<ChangeTopics.Change> changes =
          all.stream().filter(c -> c.topic().endsWith(".toasted")).toList();
      List<ChangeTopics.Change> full =
          all.stream().filter(c -> c.topic().endsWith(".toasted_full")).toList();

      ChangeTopics.Change insert = changes.get(0);
      assertThat(insert.after().getString("big")).isEqualTo(big);
      ChangeTopics.Change update = changes.get(1);
      assertThat(update.after().getInt32("counter")).isEqualTo(1);
      assertThat(update.after().getString("big"))
          .as("unchanged TOAST gets the placeholder, never NULL")
          .isEqualTo("__ductstream_unchanged_toast");
      assertThat(update.value().getArray("unchanged")).containsExactly("big");

      ChangeTopics.Change fullUpdate = full.get(1);
      assertThat(fullUpdate.after().getString("big"))
          .as("with REPLICA IDENTITY FULL the old row fills it in")
          .isEqualTo(big);
      assertThat(fullUpdate.value().getArray("unchanged")).isNull();
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  @Test
  void rolledBackTransactionEmitsNothing() throws Exception {
    String name = cluster.uniqueName("rollback");
    db.execute("CREATE TABLE rolled (id int PRIMARY KEY)");
    SourceConnectors.startAndAwaitRunning(
        cluster, name, SourceConnectors.config(db, name, "rolled"));
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      db.execute(
          "BEGIN; INSERT INTO rolled VALUES (1); ROLLBACK;",
          "BEGIN; INSERT INTO rolled VALUES (2); SAVEPOINT s; INSERT INTO rolled VALUES (3);"
              + " ROLLBACK TO SAVEPOINT s; INSERT INTO rolled VALUES (4); COMMIT;");

      List<ChangeTopics.Change> changes = topics.await(2, WAIT);
      changes = topics.settle(Duration.ofSeconds(2));

      assertThat(changes).extracting(c -> c.after().getInt32("id")).containsExactly(2, 4);
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }
}
