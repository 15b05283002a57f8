package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DDL gate on a real Kafka Connect worker: the connector holds at the first change of a new
 * shape, nothing of that shape reaches Kafka, and once its event is applied the changes go on with
 * the new schema version, none lost or repeated.
 */
class SchemaChangeConnectIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void theGateHoldsAConnectorOnAWorkerUntilTheEventIsApplied() throws Exception {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    TestDatabase store = PostgresServer.shared().createDatabase("ddl_connect_store");
    SchemaChangeIT.migrate(store);
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_connect");
    db.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "INSERT INTO items VALUES (1, 'snapshot')");
    String name = cluster.uniqueName("ddlgate");
    Map<String, String> props = SourceConnectors.config(db, name, "public.items");
    props.put("ddl.store.dsn", store.postgresUrl());
    props.put("ddl.flow.id", name);
    props.put("ddl.gate", "true");
    props.put("ddl.poll.interval.ms", "200");
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      db.execute(
          "INSERT INTO items VALUES (2, 'old')",
          "ALTER TABLE items ADD COLUMN qty int",
          "INSERT INTO items VALUES (3, 'new', 7)",
          "UPDATE items SET qty = 8 WHERE id = 3");
      List<ChangeTopics.Change> before = topics.await(2, WAIT);
      assertThat(before).extracting(c -> c.key().getInt32("id")).containsExactly(1, 2);
      assertThat(before).extracting(c -> c.value().schema().version()).containsOnly(1);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  store.queryLong(
                          "SELECT count(*) FROM ductstream.ddl_events WHERE flow_id = '"
                              + name
                              + "' AND status = 'pending' AND lsn IS NOT NULL")
                      == 1);
      assertThat(topics.settle(Duration.ofSeconds(3))).as("nothing of the new shape").hasSize(2);

      store.execute(
          "UPDATE ductstream.ddl_events SET status = 'applied' WHERE flow_id = '" + name + "'");
      List<ChangeTopics.Change> all = topics.await(4, WAIT);
      List<ChangeTopics.Change> after = all.subList(2, all.size());
      assertThat(after).extracting(c -> c.key().getInt32("id")).containsExactly(3, 3);
      assertThat(after).extracting(c -> c.after().getInt32("qty")).containsExactly(7, 8);
      assertThat(after).extracting(c -> c.value().schema().version()).containsOnly(2);
      assertThat(topics.settle(Duration.ofSeconds(2))).as("none repeated").hasSize(4);
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }
}
