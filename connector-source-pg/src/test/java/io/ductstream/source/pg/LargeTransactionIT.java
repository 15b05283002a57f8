package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Transactions larger than logical_decoding_work_mem arrive as streamed chunks (protocol 2+): they
 * are emitted complete at commit, without aborted subtransactions, and not at all when rolled back.
 */
class LargeTransactionIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static KafkaConnectCluster cluster;
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    db = PostgresServer.shared().createDatabase("large");
    // The walsender of this database decodes with 64 kB, so a few thousand rows stream.
    db.execute("ALTER DATABASE " + db.name() + " SET logical_decoding_work_mem = '64kB'");
  }

  @Test
  void streamedTransactionIsEmittedWholeWithoutItsAbortedSubtransaction() throws Exception {
    String name = cluster.uniqueName("streamed");
    db.execute("CREATE TABLE big (id int PRIMARY KEY, payload text)");
    SourceConnectors.startAndAwaitRunning(cluster, name, SourceConnectors.config(db, name, "big"));
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      db.execute(
          "BEGIN;"
              + " INSERT INTO big SELECT g, repeat('p', 200) FROM generate_series(1, 5000) g;"
              + " SAVEPOINT discarded;"
              + " INSERT INTO big SELECT g, 'aborted' FROM generate_series(100001, 103000) g;"
              + " ROLLBACK TO SAVEPOINT discarded;"
              + " SAVEPOINT kept;"
              + " INSERT INTO big SELECT g, 'kept' FROM generate_series(200001, 201000) g;"
              + " RELEASE SAVEPOINT kept;"
              + " UPDATE big SET payload = 'updated' WHERE id <= 10;"
              + " COMMIT;",
          "BEGIN;"
              + " INSERT INTO big SELECT g, repeat('r', 200) FROM generate_series(300001, 305000) g;"
              + " ROLLBACK;",
          "INSERT INTO big VALUES (-1, 'after')");

      List<ChangeTopics.Change> changes = topics.await(6011, WAIT);
      changes = topics.settle(Duration.ofSeconds(3));

      System.out.println(
          "injected: a 9000-row transaction with a rolled-back savepoint of 3000 rows, a"
              + " rolled-back 5000-row transaction; read back "
              + changes.size()
              + " changes");
      assertThat(changes).hasSize(6011);
      Set<Integer> inserted =
          changes.stream()
              .filter(c -> c.op().equals("c"))
              .map(c -> c.after().getInt32("id"))
              .collect(Collectors.toSet());
      assertThat(inserted).hasSize(6001).contains(1, 5000, 200001, 201000, -1);
      assertThat(inserted).noneMatch(id -> id > 100000 && id < 200000);
      assertThat(inserted).noneMatch(id -> id > 300000);
      assertThat(changes.stream().filter(c -> c.op().equals("u"))).hasSize(10);
      assertThat(changes.get(changes.size() - 1).after().getInt32("id")).isEqualTo(-1);
      String slot = SourceConnectors.config(db, name, "big").get("slot.name");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(SourceConnectors.streamedTransactions(db, slot))
                      .as("Postgres streamed the large transactions to the connector")
                      .isGreaterThanOrEqualTo(2));
      long commitLsn = changes.get(0).source().getInt64("lsn");
      assertThat(changes.subList(0, 6010))
          .allMatch(
              c -> c.source().getInt64("lsn") == commitLsn, "one transaction, one commit LSN");
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }
}
