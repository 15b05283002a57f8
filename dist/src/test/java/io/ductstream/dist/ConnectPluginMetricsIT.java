package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The connectors' meters as a Kafka Connect worker publishes them (KIP-877 plugin metrics, read
 * here as the worker's JMX MBeans {@code kafka.connect:type=plugins,connector=..,task=..}): the
 * plugin comes from the unpacked archive on the plugin.path of an unmodified 4.3 worker.
 */
class ConnectPluginMetricsIT {
  private static final String WIRE = "io.ductstream.format.WireFormatConverter";

  @Test
  void connectorsPublishTheirMetersAsPluginMetrics() throws Exception {
    PluginArchive.Deployed deployed = PluginArchive.deployed();
    ConnectRest rest = new ConnectRest(deployed.cluster().restUrl());
    TestDatabase db = PostgresServer.shared().createDatabase("plugin_metrics");
    db.execute(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10) g");
    String bucket = S3Server.shared().createBucket("plugin-metrics");
    try {
      rest.putConnector("metrics-source", sourceConfig(db));
      rest.putConnector("metrics-sink", sinkConfig(bucket));
      rest.awaitRunning("metrics-source", Duration.ofSeconds(90));
      rest.awaitRunning("metrics-sink", Duration.ofSeconds(90));
      db.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(11, 15) g");

      Map<String, Double> rows = Map.of();
      double objects = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline
          && !(rows.equals(Map.of("r", 10.0, "c", 5.0)) && objects > 0)) {
        rest.assertNotFailed("metrics-source");
        rest.assertNotFailed("metrics-sink");
        Thread.sleep(500);
        rows = rowsByOp("metrics-source");
        objects = attribute("metrics-sink", Map.of(), "ductstream_s3_objects_total");
      }
      assertThat(rows)
          .as("ductstream_rows_total of table public.items by op")
          .isEqualTo(Map.of("r", 10.0, "c", 5.0));
      assertThat(objects).as("ductstream_s3_objects_total").isPositive();
      assertThat(attribute("metrics-source", Map.of(), "ductstream_checkpoint_age_seconds"))
          .isNotNegative();
      assertThat(
              attribute(
                  "metrics-source",
                  Map.of("table", "public.items"),
                  "ductstream_snapshot_rows_total"))
          .isEqualTo(10.0);
      System.out.println("checked: plugin metrics on the Connect worker's JMX: rows " + rows);
    } finally {
      rest.deleteConnector("metrics-source");
      rest.deleteConnector("metrics-sink");
    }
  }

  private static Map<String, Double> rowsByOp(String connector) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Double> rows = new TreeMap<>();
    for (ObjectName name :
        server.queryNames(
            new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null)) {
      if ("public.items".equals(name.getKeyProperty("table"))
          && name.getKeyProperty("op") != null) {
        Object value = server.getAttribute(name, "ductstream_rows_total");
        rows.put(name.getKeyProperty("op"), ((Number) value).doubleValue());
      }
    }
    return rows;
  }

  /** The attribute of the connector's task MBean with exactly these extra tags; 0 when absent. */
  private static double attribute(String connector, Map<String, String> tags, String attribute)
      throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (ObjectName name :
        server.queryNames(
            new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null)) {
      Map<String, String> extra = new HashMap<>(name.getKeyPropertyList());
      extra.remove("type");
      extra.remove("connector");
      extra.remove("task");
      if (extra.equals(tags)) {
        try {
          return ((Number) server.getAttribute(name, attribute)).doubleValue();
        } catch (javax.management.AttributeNotFoundException e) {
          // another meter with the same tags
        }
      }
    }
    return 0;
  }

  private static Map<String, String> sourceConfig(TestDatabase db) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.ductstream.source.pg.PostgresSourceConnector");
    config.put("tasks.max", "1");
    config.put("database.dsn", db.postgresUrl());
    config.put("slot.name", "plugin_metrics_slot");
    config.put("publication.name", "plugin_metrics_pub");
    config.put("table.include.list", "public.items");
    config.put("topic.prefix", "plugin-metrics");
    return jsonConverters(config);
  }

  private static Map<String, String> sinkConfig(String bucket) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.ductstream.sink.s3.S3SinkConnector");
    config.put("tasks.max", "1");
    config.put("topics.regex", "plugin-metrics\\..*");
    config.put("consumer.override.metadata.max.age.ms", "1000");
    config.put("s3.bucket", bucket);
    config.put("s3.prefix", "metrics");
    config.put("s3.endpoint", S3Server.shared().endpoint().toString());
    config.put("s3.path.style", "true");
    config.put("s3.region", S3Server.REGION);
    config.put("s3.access.key.id", S3Server.ACCESS_KEY);
    config.put("s3.secret.access.key", S3Server.SECRET_KEY);
    config.put("format", "json");
    config.put("flush.size", "4");
    config.put("rotate.schedule.interval.ms", "1000");
    return jsonConverters(config);
  }

  /** Our converter in the JSON format, for keys and values. */
  private static Map<String, String> jsonConverters(Map<String, String> config) {
    config.put("key.converter", WIRE);
    config.put("key.converter.format", "json");
    config.put("value.converter", WIRE);
    config.put("value.converter.format", "json");
    return config;
  }
}
