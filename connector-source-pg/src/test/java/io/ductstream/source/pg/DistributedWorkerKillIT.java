package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kafka Connect in distributed mode with two workers (each its own JVM), the source task on one of
 * them: that worker is killed with SIGKILL mid-stream. The group gives the task to the other
 * worker, which resumes from the last offsets the killed one stored: every change arrives, and only
 * transactions after the slot's confirmed position may arrive twice.
 */
@Tag("fault")
class DistributedWorkerKillIT {
  private static final int TRANSACTIONS = 120;
  private static final int ROWS_PER_TRANSACTION = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theTaskOfAKilledWorkerMovesToTheOtherAndEveryChangeArrives() throws Exception {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    TestDatabase db = PostgresServer.shared().createDatabase("distkill");
    String name = cluster.uniqueName("distkill");
    String table = name.replace('-', '_');
    db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, txn int)");
    Map<String, String> connector = SourceConnectors.config(db, name, table);
    connector.put("snapshot.mode", "never");
    String slot = connector.get("slot.name");
    Path dir = Files.createTempDirectory(Path.of("target"), "distributed-");
    List<Process> workers = new ArrayList<>();
    List<Integer> ports = List.of(FreePorts.next(), FreePorts.next());
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      for (int i = 0; i < 2; i++) {
        Path props =
            WorkerCrashIT.write(
                dir.resolve("worker-" + i + ".properties"),
                workerProps(cluster.bootstrapServers(), name, ports.get(i)));
        workers.add(
            WorkerCrashIT.start(
                "org.apache.kafka.connect.cli.ConnectDistributed",
                List.of(props),
                dir.resolve("worker-" + i + ".log")));
      }
      for (int port : ports) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .ignoreExceptions()
            .until(() -> get(port, "/").has("version"));
      }
      put(ports.get(0), "/connectors/" + name + "/config", connector);
      SourceConnectors.awaitSlotActive(db, slot);
      AtomicInteger committed = new AtomicInteger();
      Thread writer =
          new Thread(
              () ->
                  SourceConnectors.insertTransactions(
                      db, table, TRANSACTIONS, ROWS_PER_TRANSACTION, 60, committed));
      writer.start();

      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> committed.get() > TRANSACTIONS / 4);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> SourceConnectors.confirmedFlush(db, slot) > 0);
      String owner = taskWorker(ports.get(0), name);
      int victim = owner.endsWith(":" + ports.get(0)) ? 0 : 1;
      int survivor = 1 - victim;
      workers.get(victim).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long confirmedAtKill = SourceConnectors.confirmedFlush(db, slot);
      System.out.println(
          "injected: SIGKILL of distributed worker "
              + owner
              + " running the task, after "
              + committed.get()
              + " transactions; slot confirmed at "
              + confirmedAtKill);

      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .until(
              () ->
                  taskWorker(ports.get(survivor), name).endsWith(":" + ports.get(survivor))
                      && "RUNNING".equals(taskState(ports.get(survivor), name)));
      System.out.println("the task runs on the surviving worker " + ports.get(survivor));
      writer.join();
      topics.awaitDistinct(
          TRANSACTIONS * ROWS_PER_TRANSACTION,
          c -> c.after().getInt32("id"),
          Duration.ofSeconds(120));
      List<ChangeTopics.Change> changes = topics.settle(Duration.ofSeconds(2));
      FaultReport report =
          FaultReport.of(
                  1,
                  IntStream.range(0, TRANSACTIONS * ROWS_PER_TRANSACTION).boxed().toList(),
                  changes.stream().map(c -> c.after().getInt32("id")).toList())
              .print("distributed worker SIGKILL, task moved");
      assertThat(report.lost()).as("changes lost").isZero();
      assertThat(changes)
          .filteredOn(
              c ->
                  changes.stream()
                          .filter(o -> o.after().getInt32("id").equals(c.after().getInt32("id")))
                          .count()
                      > 1)
          .as("only transactions after the confirmed position come again")
          .allMatch(c -> c.source().getInt64("lsn") >= confirmedAtKill);
    } finally {
      for (Process worker : workers) {
        worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      db.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
              + " WHERE slot_name = '"
              + slot
              + "' AND NOT active");
    }
  }

  /** A distributed worker of group {@code group}; a dead member is given up on within seconds. */
  private static Map<String, String> workerProps(String bootstrap, String group, int port) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", group);
    props.put("config.storage.topic", group + "-configs");
    props.put("offset.storage.topic", group + "-offsets");
    props.put("status.storage.topic", group + "-status");
    props.put("config.storage.replication.factor", "1");
    props.put("offset.storage.replication.factor", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("offset.flush.interval.ms", "1000");
    props.put("session.timeout.ms", "6000");
    props.put("heartbeat.interval.ms", "1000");
    props.put("scheduled.rebalance.max.delay.ms", "2000");
    props.put("plugin.discovery", "service_load");
    props.put("listeners", "http://127.0.0.1:" + port);
    return props;
  }

  private static String taskWorker(int port, String connector) throws Exception {
    return get(port, "/connectors/" + connector + "/status")
        .path("tasks")
        .path(0)
        .path("worker_id")
        .asText();
  }

  private static String taskState(int port, String connector) throws Exception {
    return get(port, "/connectors/" + connector + "/status")
        .path("tasks")
        .path(0)
        .path("state")
        .asText();
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + ": HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private static void put(int port, String path, Map<String, String> body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }
}
