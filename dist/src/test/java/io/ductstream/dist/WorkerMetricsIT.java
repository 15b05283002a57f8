package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.PrometheusText;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code /metrics} of a real bin/ductstream-worker running a flow from PostgreSQL to S3 (and of
 * bin/ductstream), scraped over HTTP and parsed as Prometheus text: the rows counters are exactly
 * the rows in the bucket, per op.
 */
class WorkerMetricsIT {
  private static final Pattern OP = Pattern.compile("\"__op\":\"(\\w)\"");

  private static TestDatabase store;
  private static FlowProcesses processes;
  private static int serverMetricsPort;

  @BeforeAll
  static void startServer() throws Exception {
    store = PostgresServer.shared().createDatabase("metrics_store");
    serverMetricsPort = FreePorts.next();
    processes =
        new FlowProcesses(store)
            .startServer(Map.of("DUCTSTREAM_METRICS_LISTEN", "127.0.0.1:" + serverMetricsPort));
  }

  @AfterAll
  static void stopServer() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void workerServesTheRowsItWroteAsPrometheusText() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("metrics_src");
    source.execute(
        "CREATE TABLE items (id int PRIMARY KEY, v text)",
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, 300) g");
    String bucket = S3Server.shared().createBucket("worker-metrics");
    String flowId =
        processes.createFlow(
            FlowProcesses.s3Flow(
                "metrics_flow", source, "public.items", bucket, Map.of("rotate_interval", "1s")));
    int port = FreePorts.next();
    String url = "http://127.0.0.1:" + port + "/metrics";
    Path log = processes.newLog("metrics-worker");
    Process worker =
        processes.startWorker(
            log, Map.of("DUCTSTREAM_METRICS_LISTEN", ":" + port), "-flow-id", flowId);
    try {
      awaitRows(bucket, 300, worker, log);
      source.execute(
          "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(301, 400) g",
          "UPDATE items SET v = 'changed' WHERE id <= 20",
          "DELETE FROM items WHERE id > 390");
      awaitRows(bucket, 430, worker, log);

      Map<String, String> flow = Map.of("flow", "metrics_flow");
      PrometheusText scraped = PrometheusText.scrape(url);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (scraped.sum("ductstream_rows_total", flow) < 430 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        scraped = PrometheusText.scrape(url);
      }
      Map<String, Integer> written = opsInBucket(bucket);
      assertThat(written)
          .as("rows in the bucket by op")
          .isEqualTo(Map.of("r", 300, "c", 100, "u", 20, "d", 10));
      Map<String, Integer> counted = new TreeMap<>();
      for (PrometheusText.Sample sample : scraped.find("ductstream_rows_total", flow)) {
        assertThat(sample.labels()).containsEntry("table", "public.items");
        counted.put(sample.labels().get("op"), (int) sample.value());
      }
      assertThat(counted).as("ductstream_rows_total by op").isEqualTo(written);
      assertThat(scraped.type("ductstream_rows_total")).isEqualTo("counter");
      assertThat(scraped.sum("ductstream_bytes_total", flow)).isPositive();
      assertThat(
              scraped.value(
                  "ductstream_snapshot_rows_total",
                  Map.of("flow", "metrics_flow", "table", "public.items")))
          .isEqualTo(300.0);

      Map<String, String> lake = Map.of("flow", "metrics_flow", "destination", "lake");
      assertThat(scraped.value("ductstream_s3_objects_total", lake))
          .as("objects uploaded = data objects in the bucket")
          .isEqualTo(dataObjects(bucket));
      assertThat(scraped.value("ductstream_s3_bytes_total", lake)).isPositive();
      assertThat(scraped.value("ductstream_s3_upload_retries_total", lake)).isZero();

      assertThat(scraped.value("ductstream_checkpoint_age_seconds", flow)).isBetween(0.0, 60.0);
      assertThat(scraped.value("ductstream_replication_lag_seconds", flow)).isNotNegative();
      assertThat(scraped.value("ductstream_replication_lag_bytes", flow)).isNotNegative();
      assertThat(scraped.value("ductstream_slot_retained_wal_bytes", flow)).isNotNegative();
      assertThat(scraped.value("ductstream_ddl_events_pending", flow)).isZero();

      PrometheusText server =
          PrometheusText.scrape("http://127.0.0.1:" + serverMetricsPort + "/metrics");
      assertThat(server.value("ductstream_ddl_events_pending", flow)).isZero();
      System.out.println("checked: worker /metrics: rows by op " + counted + " = the bucket's");
    } finally {
      worker.destroy();
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker stops on SIGTERM").isTrue();
    }
    // SIGTERM drains and checkpoints; the JVM then exits with 143 (or 0)
    assertThat(worker.exitValue()).as("worker log:\n%s", Files.readString(log)).isIn(0, 143);
    assertThat(Files.readString(log)).contains("flow metrics_flow", "stopped: 430 rows");
  }

  @Test
  void badMetricsListenExitsNonZeroWithOneLine() throws Exception {
    FlowProcesses.Result run =
        processes.worker(Map.of("DUCTSTREAM_METRICS_LISTEN", "9464"), 60, "-flow-id", "none");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith(
            "ductstream-worker: DUCTSTREAM_METRICS_LISTEN=\"9464\" is not a listen address (it has"
                + " no port)");
  }

  private static void awaitRows(String bucket, int rows, Process worker, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (FlowProcesses.rows(bucket).size() < rows) {
      assertThat(worker.isAlive()).as("worker log:\n%s", Files.readString(log)).isTrue();
      assertThat(System.nanoTime())
          .as("%d rows in the bucket; worker log:\n%s", rows, Files.readString(log))
          .isLessThan(deadline);
      Thread.sleep(300);
    }
  }

  private static Map<String, Integer> opsInBucket(String bucket) {
    Map<String, Integer> ops = new TreeMap<>();
    for (String row : FlowProcesses.rows(bucket)) {
      Matcher op = OP.matcher(row);
      assertThat(op.find()).as("__op in %s", row).isTrue();
      ops.merge(op.group(1), 1, Integer::sum);
    }
    return ops;
  }

  /** Data objects in the bucket: those {@link FlowProcesses#rows} reads. */
  private static double dataObjects(String bucket) {
    List<S3Object> objects =
        S3Server.shared()
            .client()
            .listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).build())
            .contents();
    return objects.stream()
        .map(S3Object::key)
        .filter(key -> !key.contains("/_index/") && !key.startsWith("_index/"))
        .filter(key -> key.endsWith(".jsonl"))
        .count();
  }
}
