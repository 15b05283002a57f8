package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.source.pg.snapshot.KeyRange;
import io.ductstream.source.pg.snapshot.SnapshotProgress;
import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Connect standalone worker (its own JVM) is killed with SIGKILL in the middle of the initial
 * snapshot and started again: the chunks whose completion Connect had committed are not read again,
 * the others are, and no row is lost.
 */
@Tag("fault")
class SnapshotCrashIT {
  private static final int ROWS = 20_000;
  private static final int CHUNK_ROWS = 1000;

  @Test
  void killedMidSnapshotResumesWithTheChunksNotCommittedAndLosesNoRow() throws Exception {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    TestDatabase db = PostgresServer.shared().createDatabase("snapcrash");
    String name = cluster.uniqueName("snapcrash");
    String table = name.replace('-', '_');
    db.execute(
        "CREATE TABLE " + table + " (id int PRIMARY KEY, v int)",
        "INSERT INTO " + table + " SELECT g, g FROM generate_series(1, " + ROWS + ") g");
    Map<String, String> connector = SourceConnectors.config(db, name, table);
    connector.put("name", name);
    connector.put("snapshot.chunk.rows", Integer.toString(CHUNK_ROWS));
    connector.put("snapshot.max.threads", "2");
    connector.put("max.queue.bytes", "65536");
    connector.put("max.batch.size", "256");
    String slot = connector.get("slot.name");
    Path dir = Files.createTempDirectory(Path.of("target"), "snapshot-crash-");
    Path workerProps = WorkerCrashIT.writeWorkerProps(dir, cluster.bootstrapServers(), 200);
    Path connectorProps = WorkerCrashIT.write(dir.resolve("connector.properties"), connector);

    Process worker =
        WorkerCrashIT.startWorker(workerProps, connectorProps, dir.resolve("worker-1.log"));
    try (ChangeTopics topics = new ChangeTopics(cluster, name + "\\..*")) {
      topics.await(ROWS / 4, Duration.ofSeconds(90));
      SnapshotProgress atKill = killWithOffsetsWhole(worker, dir.resolve("offsets"));
      List<Integer> committedIds = covered(atKill.table("public." + table));
      System.out.println(
          "injected: SIGKILL of the standalone worker mid-snapshot; committed progress "
              + atKill
              + " covers "
              + committedIds.size()
              + " of "
              + ROWS
              + " rows");
      assertThat(committedIds).as("some chunks were committed before the kill").isNotEmpty();
      assertThat(committedIds.size()).as("the kill came mid-snapshot").isLessThan(ROWS);

      worker = WorkerCrashIT.startWorker(workerProps, connectorProps, dir.resolve("worker-2.log"));
      List<ChangeTopics.Change> changes =
          topics.awaitDistinct(ROWS, c -> c.after().getInt32("id"), Duration.ofSeconds(120));
      changes = topics.settle(Duration.ofSeconds(2));

      Map<Integer, Long> times =
          changes.stream()
              .collect(Collectors.groupingBy(c -> c.after().getInt32("id"), Collectors.counting()));
      FaultReport.of(
              1,
              java.util.stream.IntStream.rangeClosed(1, ROWS).boxed().toList(),
              changes.stream().map(c -> c.after().getInt32("id")).toList())
          .print("standalone worker SIGKILL mid-snapshot");
      assertThat(times).as("every row arrived").hasSize(ROWS);
      assertThat(changes).allMatch(c -> "r".equals(c.op()));
      assertThat(changes)
          .as("each row as it is")
          .allMatch(c -> c.after().getInt32("v").equals(c.after().getInt32("id")));
      for (int id : committedIds) {
        assertThat(times.get(id)).as("row %d of a committed chunk, read once", id).isEqualTo(1L);
      }
      String log = Files.readString(dir.resolve("worker-2.log"));
      assertThat(log).contains("continuing the interrupted snapshot");
      long repeated = times.values().stream().filter(n -> n > 1).count();
      System.out.println(
          "checked: all "
              + ROWS
              + " rows arrived; the "
              + committedIds.size()
              + " rows of committed chunks once each; "
              + repeated
              + " rows of uncommitted chunks came twice (at least once)");
    } finally {
      worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      db.execute(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
              + " WHERE slot_name = '"
              + slot
              + "' AND NOT active");
    }
  }

  /**
   * SIGKILLs the worker and returns the progress its offsets file holds. Connect's standalone
   * worker rewrites that file in place every flush, so a kill in the middle of a write leaves it
   * torn (and the next start ignores it): the worker is frozen (SIGSTOP) first and killed only
   * while the file reads whole, else thawed for a moment and frozen again.
   */
  private static SnapshotProgress killWithOffsetsWhole(Process worker, Path offsets)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      signal(worker, "STOP");
      try {
        SnapshotProgress progress = committedProgress(offsets);
        worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return progress;
      } catch (java.io.EOFException | java.io.StreamCorruptedException e) {
        if (attempt == 50) {
          throw e;
        }
        signal(worker, "CONT");
        Thread.sleep(20);
      }
    }
  }

  private static void signal(Process process, String signal) throws Exception {
    int exit =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .inheritIO()
            .start()
            .waitFor();
    assertThat(exit).as("kill -%s %d", signal, process.pid()).isZero();
  }

  /** The snapshot progress in the standalone worker's offsets file (Java-serialized map). */
  private static SnapshotProgress committedProgress(Path offsets) throws Exception {
    Map<?, ?> raw;
    try (InputStream in = Files.newInputStream(offsets);
        ObjectInputStream objects = new ObjectInputStream(in)) {
      raw = (Map<?, ?>) objects.readObject();
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, String> progress = new HashMap<>();
    for (Map.Entry<?, ?> entry : raw.entrySet()) {
      JsonNode value = json.readTree(new String((byte[]) entry.getValue(), StandardCharsets.UTF_8));
      if (value.has("snapshot")) {
        progress.put("p", value.get("snapshot").asText());
      }
    }
    assertThat(progress).as("a snapshot offset was committed before the kill").isNotEmpty();
    return SnapshotProgress.decode(progress.get("p"));
  }

  private static List<Integer> covered(SnapshotProgress.TableProgress table) {
    if (table == null) {
      return List.of();
    }
    return java.util.stream.IntStream.rangeClosed(1, ROWS)
        .filter(id -> table.done().stream().anyMatch(r -> holds(r, id)))
        .boxed()
        .toList();
  }

  private static boolean holds(KeyRange range, int id) {
    return (range.lo() == null || id >= Integer.parseInt(range.lo().get(0)))
        && (range.hi() == null || id < Integer.parseInt(range.hi().get(0)));
  }
}
