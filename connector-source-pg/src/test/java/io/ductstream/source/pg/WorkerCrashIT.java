package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Connect standalone worker (its own JVM, the bundled mode) is killed with SIGKILL mid-stream and
 * started again: no change is lost, and no transaction the slot had confirmed before the kill is
 * emitted again.
 */
@Tag("fault")
class WorkerCrashIT {
  private static final int TRANSACTIONS = 150;
  private static final int ROWS_PER_TRANSACTION = 20;

  @Test
  void killedWorkerResumesWithoutLossAndRepeatsNothingConfirmed() throws Exception {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    TestDatabase db = PostgresServer.shared().createDatabase("crash");
    String name = cluster.uniqueName("crash");
    String table = name.replace('-', '_');
    db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, txn int)");
    Map<String, String> connector = SourceConnectors.config(db, name, table);
    connector.put("name", name);
    // Streaming only: the kill may come before the worker's first offset flush, and a task with no
    // offset and an existing slot would (by design) snapshot the table again (SnapshotCrashIT).
    connector.put("snapshot.mode", "never");
    String slot = connector.get("slot.name");
    Path dir = Files.createTempDirectory(Path.of("target"), "standalone-");
    Path workerProps = writeWorkerProps(dir, cluster.bootstrapServers());
    Path connectorProps = write(dir.resolve("connector.properties"), connector);

    Process worker = startWorker(workerProps, connectorProps, dir.resolve("worker-1.log"));
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      SourceConnectors.awaitSlotActive(db, slot);
      AtomicInteger committed = new AtomicInteger();
      Thread writer =
          new Thread(
              () ->
                  SourceConnectors.insertTransactions(
                      db, table, TRANSACTIONS, ROWS_PER_TRANSACTION, 20, committed));
      writer.start();

      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> committed.get() > TRANSACTIONS / 3);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> SourceConnectors.confirmedFlush(db, slot) > 0);
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long confirmedAtKill = SourceConnectors.confirmedFlush(db, slot);
      System.out.println(
          "injected: SIGKILL of the standalone worker after "
              + committed.get()
              + " transactions; slot confirmed at "
              + confirmedAtKill);

      worker = startWorker(workerProps, connectorProps, dir.resolve("worker-2.log"));
      writer.join();
      topics.await(TRANSACTIONS * ROWS_PER_TRANSACTION, Duration.ofSeconds(120));
      List<ChangeTopics.Change> changes = topics.settle(Duration.ofSeconds(3));

      Map<Integer, List<ChangeTopics.Change>> byId =
          changes.stream().collect(Collectors.groupingBy(c -> c.after().getInt32("id")));
      Set<Long> repeatedTransactions =
          byId.values().stream()
              .filter(list -> list.size() > 1)
              .map(list -> list.get(0).source().getInt64("lsn"))
              .collect(Collectors.toSet());
      System.out.println(
          "checked: "
              + byId.size()
              + " distinct rows in "
              + changes.size()
              + " records; "
              + repeatedTransactions.size()
              + " transaction(s) repeated after the kill, all after the confirmed position");
      FaultReport.of(
              1,
              java.util.stream.IntStream.range(0, TRANSACTIONS * ROWS_PER_TRANSACTION)
                  .boxed()
                  .toList(),
              changes.stream().map(c -> c.after().getInt32("id")).toList())
          .print("standalone worker SIGKILL mid-stream");
      assertThat(byId).as("every row arrived").hasSize(TRANSACTIONS * ROWS_PER_TRANSACTION);
      assertThat(repeatedTransactions)
          .as("no transaction confirmed to Postgres before the kill came again")
          .allMatch(lsn -> lsn >= confirmedAtKill);
      byId.values()
          .forEach(
              list ->
                  assertThat(list)
                      .extracting(c -> c.after().getInt32("txn"))
                      .as("repeats are identical")
                      .containsOnly(list.get(0).after().getInt32("txn")));
    } finally {
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      db.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
              + " WHERE slot_name = '"
              + slot
              + "' AND NOT active");
    }
  }

  static Path writeWorkerProps(Path dir, String bootstrap) throws IOException {
    return writeWorkerProps(dir, bootstrap, 2000);
  }

  static Path writeWorkerProps(Path dir, String bootstrap, long offsetFlushMillis)
      throws IOException {
    Map<String, String> props =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "key.converter",
            "org.apache.kafka.connect.json.JsonConverter",
            "value.converter",
            "org.apache.kafka.connect.json.JsonConverter",
            "offset.storage.file.filename",
            dir.resolve("offsets").toString(),
            "offset.flush.interval.ms",
            Long.toString(offsetFlushMillis),
            "plugin.discovery",
            "service_load",
            "listeners",
            "http://127.0.0.1:" + FreePorts.next());
    return write(dir.resolve("worker.properties"), props);
  }

  static Path write(Path file, Map<String, String> props) throws IOException {
    Properties properties = new Properties();
    properties.putAll(props);
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, null);
    }
    return file;
  }

  static Process startWorker(Path workerProps, Path connectorProps, Path log) throws IOException {
    return start(
        "org.apache.kafka.connect.cli.ConnectStandalone",
        List.of(workerProps, connectorProps),
        log);
  }

  /** A Connect worker ({@code main}: standalone or distributed) in a JVM of its own. */
  static Process start(String main, List<Path> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Djava.io.tmpdir=" + args.get(0).getParent());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    args.forEach(arg -> command.add(arg.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
