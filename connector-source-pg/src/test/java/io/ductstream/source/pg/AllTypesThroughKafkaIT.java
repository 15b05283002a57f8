package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.format.WireFormatConverter;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * Insert, update, delete and truncate of the table of every type, through a real Connect worker
 * with DuctStream's own converter on the topic, read back from Kafka and compared value by value.
 */
class AllTypesThroughKafkaIT {
  @Test
  void everyTypeSurvivesTheTripThroughKafka() throws Exception {
    for (String format : List.of("avro", "proto", "arrow", "parquet", "json")) {
      everyTypeSurvivesTheTripThroughKafkaIn(format);
    }
  }

  private void everyTypeSurvivesTheTripThroughKafkaIn(String format) throws Exception {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    TestDatabase db = PostgresServer.shared().createDatabase("kafkatypes");
    AllTypesStreamIT.createEverythingTable(db);
    String name = cluster.uniqueName("types-" + format);
    Map<String, String> props = SourceConnectors.config(db, name, "everything");
    props.put("key.converter", WireFormatConverter.class.getName());
    props.put("key.converter.format", format);
    props.put("value.converter", WireFormatConverter.class.getName());
    props.put("value.converter.format", format);
    SourceConnectors.startAndAwaitRunning(cluster, name, props);
    try (ChangeTopics topics =
        new ChangeTopics(
            cluster, name + "\\..*", converter(format, true), converter(format, false))) {
      db.execute(
          AllTypesStreamIT.edgeRowInsert(1),
          "INSERT INTO everything (id) VALUES (2)",
          "UPDATE everything SET t = 'changed', f8 = 'Infinity' WHERE id = 1",
          "DELETE FROM everything WHERE id = 2",
          "TRUNCATE everything");

      List<ChangeTopics.Change> changes = topics.await(5, Duration.ofSeconds(60));

      assertThat(changes)
          .extracting(ChangeTopics.Change::op)
          .containsExactly("c", "c", "u", "d", "t");
      Map<String, Object> expected = AllTypesStreamIT.expectedEdgeRow(1);
      AllTypesStreamIT.assertRow(format + " insert", changes.get(0).after(), expected);
      AllTypesStreamIT.assertSchemas(changes.get(0).after().schema());
      Struct nulls = changes.get(1).after();
      for (Field field : nulls.schema().fields()) {
        if (!field.name().equals("id")) {
          assertThat(nulls.get(field)).as(format + " NULL " + field.name()).isNull();
        }
      }
      expected.put("t", "changed");
      expected.put("f8", Double.POSITIVE_INFINITY);
      AllTypesStreamIT.assertRow(format + " update", changes.get(2).after(), expected);
      assertThat(changes.get(2).key().getInt32("id")).isEqualTo(1);
      assertThat(changes.get(3).key().getInt32("id")).isEqualTo(2);
      assertThat(changes.get(3).before().getInt32("id")).isEqualTo(2);
      assertThat(changes.get(4).after()).isNull();
      System.out.println("checked: every type through Kafka as " + format);
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }

  private static WireFormatConverter converter(String format, boolean isKey) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", format), isKey);
    return converter;
  }
}
