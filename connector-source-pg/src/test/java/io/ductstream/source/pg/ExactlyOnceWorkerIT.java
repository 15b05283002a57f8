package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The connector declares exactly-once support: on a worker with it enabled, records go out in
 * producer transactions and are acknowledged (commitRecord) once their transaction commits, and the
 * slot advances with them.
 */
class ExactlyOnceWorkerIT {
  @Test
  void slotAdvancesOnAnExactlyOnceWorker() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("eos");
    try (KafkaConnectCluster cluster =
        KafkaConnectCluster.start("eos", 1, Map.of("exactly.once.source.support", "enabled"))) {
      String name = cluster.uniqueName("eos");
      db.execute("CREATE TABLE eos (id int PRIMARY KEY, txn int)");
      Map<String, String> props = SourceConnectors.config(db, name, "eos");
      props.put("exactly.once.support", "required");
      String slot = props.get("slot.name");
      SourceConnectors.startAndAwaitRunning(cluster, name, props);
      try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
        SourceConnectors.insertTransactions(db, "eos", 20, 10, 0, new AtomicInteger());
        long walAfterWrites = SourceConnectors.currentWal(db);

        List<ChangeTopics.Change> changes = topics.await(200, Duration.ofSeconds(60));
        assertThat(changes).hasSize(200);
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(SourceConnectors.confirmedFlush(db, slot))
                        .as("confirmed_flush_lsn follows the committed transactions")
                        .isGreaterThanOrEqualTo(walAfterWrites));
        System.out.println("checked: 200 changes through an exactly-once worker, slot confirmed");
      } finally {
        cluster.connect().deleteConnector(name);
      }
    }
  }
}
