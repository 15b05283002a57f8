package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With topic.routing=single the connector writes the changes of every table, snapshot reads
 * included, to the one topic topic.prefix, keyed by the table and its primary key; a table without
 * a key keeps a null key.
 */
class SingleTopicRoutingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static KafkaConnectCluster cluster;
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    db = PostgresServer.shared().createDatabase("single_topic");
  }

  @Test
  void everyTablesChangesGoToTheOneTopicKeyedByTableAndPrimaryKey() throws Exception {
    String name = cluster.uniqueName("single");
    db.execute(
        "CREATE SCHEMA sales",
        "CREATE TABLE public.orders (id int PRIMARY KEY, note text)",
        "CREATE TABLE sales.orders (id int PRIMARY KEY, note text)",
        "CREATE TABLE public.lines (order_id int, line int, note text, PRIMARY KEY (order_id, line))",
        "CREATE TABLE public.notes (note text)",
        "ALTER TABLE public.notes REPLICA IDENTITY FULL",
        "INSERT INTO public.orders VALUES (1, 'snapshotted')");
    Map<String, String> props =
        SourceConnectors.config(db, name, "public.orders,sales.orders,public.lines,public.notes");
    props.put("topic.routing", "single");
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics = new ChangeTopics(cluster, java.util.regex.Pattern.quote(name))) {
      db.execute(
          "INSERT INTO sales.orders VALUES (1, 'sales one')",
          "INSERT INTO public.lines VALUES (1, 2, 'line')",
          "INSERT INTO public.notes VALUES ('keyless')",
          "DELETE FROM public.orders WHERE id = 1");

      List<ChangeTopics.Change> all = topics.await(5, WAIT);

      assertThat(all).extracting(ChangeTopics.Change::topic).containsOnly(name);
      assertThat(all)
          .extracting(
              c -> c.source().getString("schema"), c -> c.source().getString("table"), c -> c.op())
          .containsExactly(
              tuple("public", "orders", "r"),
              tuple("sales", "orders", "c"),
              tuple("public", "lines", "c"),
              tuple("public", "notes", "c"),
              tuple("public", "orders", "d"));
      for (ChangeTopics.Change change : all.subList(0, 3)) {
        assertThat(change.key().getString("__namespace"))
            .isEqualTo(change.source().getString("schema"));
        assertThat(change.key().getString("__table")).isEqualTo(change.source().getString("table"));
      }
      assertThat(all.get(0).key().schema().fields())
          .extracting(Field::name)
          .containsExactly("__namespace", "__table", "id");
      assertThat(all.get(0).key().schema().name()).isEqualTo(name + ".public.orders.Key");
      assertThat(all.get(1).key().schema().name()).isEqualTo(name + ".sales.orders.Key");
      assertThat(all.get(0).key().getInt32("id")).isEqualTo(1);
      assertThat(all.get(1).key().getInt32("id")).isEqualTo(1);
      assertThat(all.get(0).key()).isNotEqualTo(all.get(1).key());
      assertThat(all.get(2).key().schema().fields())
          .extracting(Field::name)
          .containsExactly("__namespace", "__table", "order_id", "line");
      assertThat(all.get(3).key()).as("a table without a key").isNull();
      assertThat(all.get(4).key()).isEqualTo(all.get(0).key());
      assertThat(all.get(4).value().schema().name()).isEqualTo(name + ".public.orders.Envelope");
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }
}
