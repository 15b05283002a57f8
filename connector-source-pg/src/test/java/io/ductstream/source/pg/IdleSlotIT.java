package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * While the captured tables are idle and other tables are busy, the slot's confirmed position still
 * advances, so the slot does not pin WAL.
 */
class IdleSlotIT {
  @Test
  void slotAdvancesWhileOnlyUncapturedTablesChange() throws Exception {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    TestDatabase db = PostgresServer.shared().createDatabase("idle");
    String name = cluster.uniqueName("idle");
    db.execute(
        "CREATE TABLE quiet (id int PRIMARY KEY)",
        "CREATE TABLE busy (id int PRIMARY KEY, filler text)");
    Map<String, String> props = SourceConnectors.config(db, name, "quiet");
    props.put("heartbeat.emit.message", "true");
    String slot = props.get("slot.name");
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try {
      db.execute("INSERT INTO busy SELECT g, repeat('f', 500) FROM generate_series(1, 20000) g");
      long walAfterBusyWrites = SourceConnectors.currentWal(db);

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(SourceConnectors.confirmedFlush(db, slot))
                      .as("confirmed_flush_lsn passes the uncaptured writes")
                      .isGreaterThanOrEqualTo(walAfterBusyWrites));
      System.out.println(
          "checked: slot confirmed past "
              + walAfterBusyWrites
              + " with no change in its captured table");
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }
}
