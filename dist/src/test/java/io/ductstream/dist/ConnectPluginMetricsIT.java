package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The connectors' meters as a Kafka Connect worker publishes them (KIP-877 plugin metrics, read
 * here as the worker's JMX MBeans {@code kafka.connect:type=plugins,connector=..,task=..}): the
 * plugin comes from the unpacked archive on the plugin.path of an unmodified 4.3 worker. The same
 * MBeans through the Prometheus JMX exporter with config/jmx-exporter.yml give the series of
 * docs/metrics.md.
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

      // the sink may upload one more object while the exporter scrapes: read its counter first
      double objectsBefore = attribute("metrics-sink", Map.of(), "ductstream_s3_objects_total");
      long scrapeStart = System.nanoTime();
      Map<String, Double> scraped = scrapeWithJmxExporter();
      long scrapeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - scrapeStart);
      assertThat(scraped)
          .as("series of config/jmx-exporter.yml")
          .containsEntry(
              "ductstream_rows_total{connector=metrics-source,op=r,table=public.items,task=0}",
              10.0)
          .containsEntry(
              "ductstream_rows_total{connector=metrics-source,op=c,table=public.items,task=0}", 5.0)
          .containsEntry(
              "ductstream_snapshot_rows_total{connector=metrics-source,table=public.items,task=0}",
              10.0)
          .containsKey(
              "ductstream_snapshot_rows_estimated{connector=metrics-source,table=public.items,task=0}")
          .containsKey("ductstream_s3_objects_total{connector=metrics-sink,task=0}");
      assertThat(scraped.get("ductstream_s3_objects_total{connector=metrics-sink,task=0}"))
          .as("an S3 sink counter")
          .isPositive()
          .isGreaterThanOrEqualTo(objectsBefore);
      assertThat(scraped.get("ductstream_checkpoint_age_seconds{connector=metrics-source,task=0}"))
          .as("a source gauge without table and op")
          .isNotNull()
          .isNotNegative();
      assertThat(scraped.keySet())
          .as("every series is a ductstream_ meter")
          .allMatch(series -> series.startsWith("ductstream_"));
      System.out.println(
          "checked: config/jmx-exporter.yml turns them into "
              + scraped.keySet()
              + " (rules loaded and scraped in "
              + scrapeMillis
              + " ms)");
    } finally {
      rest.deleteConnector("metrics-source");
      rest.deleteConnector("metrics-sink");
    }
  }

  /**
   * What a Prometheus JMX agent with config/jmx-exporter.yml serves for this worker: {@code
   * name{label=value,...}} (labels sorted) to value, counters with their {@code _total} name.
   */
  private static Map<String, Double> scrapeWithJmxExporter() throws Exception {
    Path rules =
        Path.of(System.getProperty("ductstream.repo.root", ".."), "config", "jmx-exporter.yml");
    // as the agent does: the collector in a registry, which a scrape of /metrics reads
    PrometheusRegistry registry = new PrometheusRegistry();
    new JmxCollector(rules.toFile(), JmxCollector.Mode.AGENT).register(registry);
    Map<String, Double> series = new TreeMap<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      String name = snapshot.getMetadata().getPrometheusName();
      if (name.startsWith("jmx_")) {
        continue; // the exporter's own jmx_scrape_* and jmx_config_reload_* series
      }
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        StringJoiner labels = new StringJoiner(",", "{", "}");
        for (Label label : point.getLabels()) {
          labels.add(label.getName() + "=" + label.getValue());
        }
        if (point instanceof CounterSnapshot.CounterDataPointSnapshot counter) {
          series.put(name + "_total" + labels, counter.getValue());
        } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot gauge) {
          series.put(name + labels, gauge.getValue());
        } else {
          series.put(name + labels + " of type " + snapshot.getClass().getSimpleName(), -1.0);
        }
      }
    }
    return series;
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
