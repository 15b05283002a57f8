package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.format.WireFormatConverter;
import io.ductstream.source.pg.PostgresSourceConnector;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * End to end: Postgres source → Kafka (DuctStream's avro converter) → S3 sink, the objects read
 * back with the format readers, the changes replayed, and the result compared row by row with the
 * table.
 */
class PostgresToS3IT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static KafkaConnectCluster cluster;
  private static TestDatabase db;
  private static String bucket;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    db = PostgresServer.shared().createDatabase("pgtos3");
    bucket = S3Server.shared().createBucket("pg-to-s3");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void tableChangesLandInS3AndTheObjectsReplayToTheTable() throws Exception {
    db.execute(
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer text, amount numeric(12,2),"
            + " paid boolean, placed timestamptz)");
    String name = cluster.uniqueName("pg2s3");
    // The sinks subscribe by pattern: the topic exists before them, so they need no metadata
    // refresh
    cluster.kafka().createTopic(name + ".public.orders", 1);
    Map<String, String> source = new HashMap<>();
    source.put("connector.class", PostgresSourceConnector.class.getName());
    source.put("tasks.max", "1");
    source.put("database.dsn", db.postgresUrl());
    source.put("slot.name", name.replace('-', '_') + "_slot");
    source.put("publication.name", name.replace('-', '_') + "_pub");
    source.put("table.include.list", "public.orders");
    source.put("topic.prefix", name);
    source.put("heartbeat.interval.ms", "500");
    converters(source, "avro");
    cluster.connect().configureConnector(name + "-source", source);
    cluster
        .connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(name + "-source", 1, "source did not start");

    List<String> formats = List.of("parquet", "proto");
    for (String format : formats) {
      Map<String, String> sink = SinkConnectors.config("unused", bucket, format);
      sink.remove("topics");
      sink.put("topics.regex", name + "\\..*");
      sink.put("format", format);
      if (format.equals("parquet")) {
        sink.remove("layout"); // the default: flat rows, as analysts query them
      }
      sink.put("flush.size", "7");
      sink.put("rotate.schedule.interval.ms", "1500");
      converters(sink, "avro");
      SinkConnectors.start(cluster, name + "-sink-" + format, sink);
    }

    db.execute(
        "INSERT INTO orders SELECT g, 'customer ' || g, g * 10.25, g % 2 = 0,"
            + " '2026-11-25 10:00:00+00'::timestamptz + g * interval '1 minute'"
            + " FROM generate_series(1, 20) g",
        "UPDATE orders SET amount = 999.99, paid = true WHERE id IN (3, 4)",
        "DELETE FROM orders WHERE id = 5",
        "INSERT INTO orders VALUES (21, NULL, NULL, NULL, NULL)");
    Map<Long, List<Object>> table = tableRows();
    assertThat(table).hasSize(20);

    for (String format : formats) {
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> BucketContents.values(s3, bucket, format + "/").size() >= 24);
      List<Object> changes = BucketContents.values(s3, bucket, format + "/");
      assertThat(changes).as(format + ": 21 inserts, 2 updates, 1 delete, once each").hasSize(24);
      assertThat(BucketContents.keys(s3, bucket, format + "/public/orders/"))
          .anyMatch(k -> k.contains("/_schemas/"))
          .allMatch(k -> k.startsWith(format + "/public/orders/"));
      assertThat(replay(changes)).as(format + " objects replayed = table").isEqualTo(table);
      System.out.println("checked: " + format + " objects replay to the 20 rows of the table");
    }
    for (String format : formats) {
      cluster.connect().deleteConnector(name + "-sink-" + format);
    }
    cluster.connect().deleteConnector(name + "-source");
  }

  private static void converters(Map<String, String> props, String format) {
    props.put("key.converter", WireFormatConverter.class.getName());
    props.put("key.converter.format", format);
    props.put("value.converter", WireFormatConverter.class.getName());
    props.put("value.converter.format", format);
  }

  /**
   * Applies the changes in order (flat rows or change envelopes): the table they describe, by id.
   */
  private static Map<Long, List<Object>> replay(List<Object> changes) {
    Map<Long, List<Object>> rows = new TreeMap<>();
    for (Object change : changes) {
      Struct struct = (Struct) change;
      if (struct.schema().field("__op") != null) {
        replayFlat(struct, rows);
        continue;
      }
      Struct envelope = struct;
      String op = envelope.getString("op");
      if (op.equals("d")) {
        rows.remove(envelope.getStruct("before").getInt64("id"));
      } else {
        Struct after = envelope.getStruct("after");
        rows.put(
            after.getInt64("id"),
            row(
                after.getString("customer"),
                (BigDecimal) after.get("amount"),
                after.getBoolean("paid"),
                after.getInt64("placed")));
      }
    }
    return rows;
  }

  /** A flat row: __op, the metadata columns, then the row's columns (the before image of a d). */
  private static void replayFlat(Struct flat, Map<Long, List<Object>> rows) {
    assertThat(flat.getString("__table")).isEqualTo("orders");
    assertThat(flat.getString("__namespace")).isEqualTo("public");
    assertThat(flat.getInt64("__lsn")).isPositive();
    assertThat(flat.getString("__key")).isEqualTo("{\"id\":" + flat.getInt64("id") + "}");
    if (flat.getString("__op").equals("d")) {
      rows.remove(flat.getInt64("id"));
      return;
    }
    rows.put(
        flat.getInt64("id"),
        row(
            flat.getString("customer"),
            (BigDecimal) flat.get("amount"),
            flat.getBoolean("paid"),
            flat.getInt64("placed")));
  }

  private static Map<Long, List<Object>> tableRows() throws Exception {
    Map<Long, List<Object>> rows = new TreeMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, customer, amount, paid,"
                    + " (extract(epoch FROM placed) * 1000000)::bigint FROM orders")) {
      while (r.next()) {
        rows.put(
            r.getLong(1),
            row(
                r.getString(2),
                r.getBigDecimal(3),
                (Boolean) r.getObject(4),
                (Long) r.getObject(5)));
      }
    }
    return rows;
  }

  private static List<Object> row(String customer, BigDecimal amount, Boolean paid, Long placed) {
    List<Object> row = new ArrayList<>();
    row.add(customer);
    row.add(amount);
    row.add(paid);
    row.add(placed);
    return row;
  }
}
