package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bin/ductstream-worker runs a flow from Postgres to S3 in its own process, with no Kafka broker
 * anywhere: flows created through bin/ductstream and bin/ductstream-admin, objects read back from
 * the S3 server.
 */
class WorkerRuntimeIT {
  /** SIGKILLs of the worker in the kill test: one in the snapshot, the rest during the load. */
  private static final int KILLS = Integer.getInteger("ductstream.kills", 10);

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Pattern KEY_ID =
      Pattern.compile("\"__key\":\"\\{\\\\\"id\\\\\":(\\d+)\\}\"");

  private static TestDatabase store;
  private static FlowProcesses processes;

  @BeforeAll
  static void startServer() throws Exception {
    store = PostgresServer.shared().createDatabase("worker_store");
    processes = new FlowProcesses(store).startServer(Map.of());
  }

  @AfterAll
  static void stopServer() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void streamsToS3WithoutABrokerAndExitsOnceCaughtUp() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_src");
    source.execute(
        "CREATE TABLE items (id int PRIMARY KEY, v text)",
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, 1000) g");
    String bucket = S3Server.shared().createBucket("worker-once");
    String flowId =
        processes.createFlow(
            FlowProcesses.s3Flow("worker_once", source, "public.items", bucket, Map.of()));

    FlowProcesses.Result first = processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(first.exit()).as("worker output:\n%s%s", first.stdout(), first.stderr()).isZero();
    assertThat(ids(bucket)).as("after the first run").isEqualTo(range(1, 1000));

    String lsnAfterFirst = checkpointLsn(flowId);
    assertThat(lsnAfterFirst).as("checkpoint of %s", flowId).isNotNull();

    source.execute(
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1001, 1500) g",
        "UPDATE items SET v = 'changed' WHERE id <= 10",
        "DELETE FROM items WHERE id = 1500");
    FlowProcesses.Result second =
        processes.worker(180, "--flow-id", flowId, "--max-empty-reads", "1");
    assertThat(second.exit()).as("worker output:\n%s%s", second.stdout(), second.stderr()).isZero();
    List<String> rows = FlowProcesses.rows(bucket);
    assertThat(rows).hasSize(1500 + 10 + 1);
    assertThat(checkpointLsn(flowId)).isNotEqualTo(lsnAfterFirst);
  }

  /**
   * The first run is killed during the initial snapshot, after it uploaded objects and committed a
   * position; the next nine while a 1M-row load streams, each at a random point after its
   * checkpoint moved. A last run catches up and exits: the bucket holds every row exactly once.
   */
  @Test
  @Tag("fault")
  void killedTenTimesDuringASnapshotAndALoadEveryChangeLandsExactlyOnce() throws Exception {
    int snapshotRows = 100_000;
    int total = Integer.getInteger("ductstream.kill.rows", 1_000_000);
    TestDatabase source = PostgresServer.shared().createDatabase("worker_kill");
    source.execute(
        "CREATE TABLE load (id bigint PRIMARY KEY, v text)",
        "INSERT INTO load SELECT g, md5(g::text) FROM generate_series(1, " + snapshotRows + ") g");
    String bucket = S3Server.shared().createBucket("worker-kill");
    String flow =
        FlowProcesses.s3Flow(
                "worker_kill",
                source,
                "public.load",
                bucket,
                Map.of("flush_size", "20000", "rotate_interval", "3s"))
            .replace(
                "\"publication_tables\"",
                "\"snapshot_workers\": \"1\", \"snapshot_chunk_rows\": \"5000\","
                    + " \"publication_tables\"");
    String flowId = processes.createFlow(flow);
    Path log = processes.newLog("worker-kill");

    Process snapshotting = processes.startWorker(log, "-flow-id", flowId);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    // once the snapshot committed a position (the end of a chunk), so that the next run resumes it
    // (a run killed before its first checkpoint would start over, with the slot made again)
    while ((FlowProcesses.rows(bucket).isEmpty()
            || checkpointLsn(flowId) == null
            || "0/0".equals(checkpointLsn(flowId)))
        && System.nanoTime() < deadline) {
      assertThat(snapshotting.isAlive()).as("worker:\n%s", Files.readString(log)).isTrue();
      Thread.sleep(100);
    }
    snapshotting.destroyForcibly(); // SIGKILL in the middle of the snapshot
    assertThat(snapshotting.waitFor(20, TimeUnit.SECONDS)).isTrue();
    System.out.println(
        "killed worker 1 during the snapshot with "
            + FlowProcesses.rows(bucket).size()
            + " rows in the bucket, checkpoint "
            + checkpointLsn(flowId));

    // The second run resumes the snapshot; the load starts once it has copied the table. (Rows
    // written while a resumed snapshot reads its remaining chunks can arrive twice: the chunks are
    // read at the time of the resumption, the stream from the first snapshot's position.)
    Process resumed = processes.startWorker(log, "-flow-id", flowId);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (FlowProcesses.rows(bucket).size() < snapshotRows && System.nanoTime() < deadline) {
      assertThat(resumed.isAlive()).as("worker:\n%s", Files.readString(log)).isTrue();
      Thread.sleep(1000);
    }
    int batches = 100;
    Thread loader =
        new Thread(
            () -> {
              int per = total / batches;
              for (int b = 0; b < batches; b++) {
                long first = snapshotRows + (long) b * per + 1;
                source.execute(
                    "INSERT INTO load SELECT g, md5(g::text) FROM generate_series("
                        + first
                        + ", "
                        + (first + per - 1)
                        + ") g");
              }
            },
            "loader");
    loader.start();
    // the kills during the load come at random points (seeded: a failure can be replayed)
    long seed = Long.getLong("ductstream.kill.seed", System.nanoTime());
    java.util.Random random = new java.util.Random(seed);
    System.out.println("kill points seeded with -Dductstream.kill.seed=" + seed);
    for (int kill = 2; kill <= KILLS; kill++) {
      Process worker = kill == 2 ? resumed : processes.startWorker(log, "-flow-id", flowId);
      String before = checkpointLsn(flowId);
      long started = System.nanoTime();
      deadline = started + TimeUnit.SECONDS.toNanos(120);
      // kill once the checkpoint moved, so every attempt made progress; once the load is all
      // written, a
      // worker that caught up has no checkpoint left to move: then kill it after a few seconds
      // anyway
      while (System.nanoTime() < deadline
          && java.util.Objects.equals(before, checkpointLsn(flowId))
          && (loader.isAlive() || System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5))) {
        assertThat(worker.isAlive()).as("worker alive:\n%s", Files.readString(log)).isTrue();
        Thread.sleep(200);
      }
      Thread.sleep(random.nextInt(2500));
      worker.destroyForcibly(); // SIGKILL
      assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
      System.out.println(
          "killed worker "
              + kill
              + " at checkpoint "
              + checkpointLsn(flowId)
              + " (was "
              + before
              + ")");
    }
    loader.join(TimeUnit.MINUTES.toMillis(5));
    FlowProcesses.Result last = processes.worker(600, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(last.exit()).as("last run:\n%s%s", last.stdout(), last.stderr()).isZero();
    System.out.println(
        "uncommitted segments deleted at restarts: "
            + ((Files.readString(log) + last.stderr())
                    .split("deleted the uncommitted segment", -1)
                    .length
                - 1));

    List<Long> ids = ids(bucket);
    if (ids.size() != snapshotRows + total) {
      java.util.Map<String, Long> dupByOp = new TreeMap<>();
      java.util.Map<Long, Long> counts = new java.util.HashMap<>();
      ids.forEach(i -> counts.merge(i, 1L, Long::sum));
      for (String row : FlowProcesses.rows(bucket)) {
        Matcher m = KEY_ID.matcher(row);
        m.find();
        long id = Long.parseLong(m.group(1));
        if (counts.get(id) > 1) {
          String op = row.substring(row.indexOf("\"__op\":\"") + 8, row.indexOf("\"__op\":\"") + 9);
          dupByOp.merge(op + (id <= snapshotRows ? "-snap" : "-load"), 1L, Long::sum);
        }
      }
      System.out.println("DUPLICATES by op: " + dupByOp + " objects: " + objectKeys(bucket));
    }
    FaultReport.of(KILLS, range(1, snapshotRows + total), ids)
        .print("worker SIGKILLed " + KILLS + " times during a snapshot and a load");
    assertThat(ids).as("rows in the bucket").hasSize(snapshotRows + total);
    assertThat(ids).isEqualTo(range(1, snapshotRows + total));
    // The segment index was pruned as the runs went: after the last checkpoint each partition
    // keeps only its newest entry, the mark of how far it was written.
    Map<String, Long> entriesPerPartition = new TreeMap<>();
    for (String key : objectKeys(bucket)) {
      int at = key.indexOf("/_index/");
      String name = key.substring(key.lastIndexOf('/') + 1, key.lastIndexOf('='));
      if (at >= 0 && !name.equals("lease") && !name.equals("owner")) {
        String folder = key.substring(0, key.indexOf('/', at + "/_index/".length()));
        entriesPerPartition.merge(folder, 1L, Long::sum);
      }
    }
    System.out.println("segment index entries left: " + entriesPerPartition);
    assertThat(entriesPerPartition).isNotEmpty().allSatisfy((folder, n) -> assertThat(n).isOne());
  }

  @Test
  void aCheckpointPutForwardSkipsWhatCameBeforeIt() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_put");
    source.execute(
        "CREATE TABLE t (id int PRIMARY KEY)",
        "INSERT INTO t SELECT g FROM generate_series(1, 10) g");
    String bucket = S3Server.shared().createBucket("worker-put");
    String flowId =
        processes.createFlow(
            FlowProcesses.s3Flow("worker_put", source, "public.t", bucket, Map.of()));
    assertThat(processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1").exit()).isZero();

    source.execute("INSERT INTO t VALUES (11)");
    String after11;
    try (Connection c = source.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
      rs.next();
      after11 = rs.getString(1);
    }
    FlowProcesses.Result put =
        processes.admin("checkpoint", "put", "-flow-id", flowId, "-lsn", after11);
    assertThat(put.exit()).as(put.stderr()).isZero();
    source.execute("INSERT INTO t VALUES (12)");

    FlowProcesses.Result run = processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");

    assertThat(run.exit()).as(run.stderr()).isZero();
    List<Long> expected = new java.util.ArrayList<>(range(1, 10));
    expected.add(12L);
    assertThat(ids(bucket)).isEqualTo(expected);
  }

  @Test
  void aSecondRunnerOfTheSameFlowIsRefusedNamingTheFirst() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_twice");
    source.execute("CREATE TABLE t (id int PRIMARY KEY)");
    String bucket = S3Server.shared().createBucket("worker-twice");
    String flowId =
        processes.createFlow(
            FlowProcesses.s3Flow("worker_twice", source, "public.t", bucket, Map.of()));
    Path log = processes.newLog("worker-first");
    Process first = processes.startWorker(log, "-flow-id", flowId);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("running: source") && System.nanoTime() < deadline) {
        assertThat(first.isAlive()).as("first worker:\n%s", Files.readString(log)).isTrue();
        Thread.sleep(200);
      }
      FlowProcesses.Result second = processes.worker(60, "-flow-id", flowId);
      assertThat(second.exit()).isEqualTo(2);
      List<String> lines = second.stderr().strip().lines().toList();
      assertThat(lines.get(lines.size() - 1))
          .contains("flow \"" + flowId + "\" is already running in \"ductstream-worker ")
          .contains("stop that one first");
    } finally {
      first.destroy(); // SIGTERM: drains and exits 0
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(first.exitValue()).as("SIGTERM exit:\n%s", Files.readString(log)).isIn(0, 143);
    assertThat(Files.readString(log)).contains("stopping flow worker_twice");
  }

  @Test
  void aStartLsnTheSlotNoLongerHoldsIsRefused() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_lsn");
    source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    String bucket = S3Server.shared().createBucket("worker-lsn");
    String flowId =
        processes.createFlow(
            FlowProcesses.s3Flow("worker_lsn", source, "public.t", bucket, Map.of()));
    assertThat(processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1").exit()).isZero();

    FlowProcesses.Result refused =
        processes.worker(60, "-flow-id", flowId, "-start-lsn", "0/10", "-max-empty-reads", "1");

    assertThat(refused.exit()).isNotZero();
    List<String> lines = refused.stderr().strip().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .contains("cannot start at 0/10")
        .contains("worker_lsn_slot")
        .contains("Postgres keeps no WAL before it");
  }

  @Test
  void anUnreachableS3FailsTheFlowWithTheReasonAndKeepsTheCheckpoint() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_s3down");
    source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
    String flow =
        FlowProcesses.s3Flow(
                "worker_s3down",
                source,
                "public.t",
                "nowhere",
                Map.of("s3.retries", "1", "s3.retry.backoff.ms", "10"))
            .replace(S3Server.shared().endpoint().toString(), "http://127.0.0.1:9");
    String flowId = processes.createFlow(flow);

    FlowProcesses.Result failed =
        processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");

    assertThat(failed.exit()).isNotZero();
    // the log goes to stderr too; the error is its last line
    List<String> lines = failed.stderr().strip().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .as(failed.stderr())
        .startsWith("ductstream-worker: flow \"worker_s3down\" failed: ")
        .contains("127.0.0.1:9");
    assertThat(checkpointLsn(flowId)).isNull();
    FlowProcesses.Result status = processes.admin("flow", "get", "-id", flowId);
    assertThat(status.stdout()).contains("FAILED");
  }

  @Test
  void aSourceThatCannotStartFailsTheRunWithItsReasonWhileItsDestinationOpened() throws Exception {
    // the source starts beside the destinations: its failure must still end the run with its own
    // reason, and leave nothing held that the next run needs (the slot, the flow's lease)
    TestDatabase source = PostgresServer.shared().createDatabase("worker_nosource");
    source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
    String bucket = S3Server.shared().createBucket("worker-nosource");
    String flowId =
        processes.createFlow(
            FlowProcesses.s3Flow("worker_nosource", source, "public.t", bucket, Map.of()));
    source.execute("DROP TABLE t");

    FlowProcesses.Result failed =
        processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");

    assertThat(failed.exit()).isNotZero();
    List<String> lines = failed.stderr().strip().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .as(failed.stderr())
        .startsWith("ductstream-worker: flow \"worker_nosource\" failed: ")
        .contains("public.t");
    assertThat(FlowProcesses.rows(bucket)).isEmpty();

    source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (3)");
    FlowProcesses.Result next = processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(next.exit()).as(next.stderr()).isZero();
    assertThat(FlowProcesses.rows(bucket)).hasSize(1).allMatch(row -> row.contains("3"));
  }

  @Test
  void backfillModeCopiesTablesAgainWhileStreamingGoesOnThenExits() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_backfill");
    source.execute(
        "CREATE TABLE items (id int PRIMARY KEY, v text)",
        "CREATE TABLE other (id int PRIMARY KEY)",
        "CREATE TABLE ductstream_signals (id text PRIMARY KEY, type text, data text)",
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, 3000) g",
        "INSERT INTO other SELECT g FROM generate_series(1, 5) g");
    String bucket = S3Server.shared().createBucket("worker-backfill");
    String flowId =
        processes.createFlow(
            FlowProcesses.withSourceOptions(
                FlowProcesses.s3Flow(
                    "worker_backfill",
                    source,
                    "public.items,public.other,public.ductstream_signals",
                    bucket,
                    Map.of()),
                Map.of("signal.table", "public.ductstream_signals", "backfill.chunk.rows", "500")));
    FlowProcesses.Result first = processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(first.exit()).as("first run:\n%s", first.stderr()).isZero();
    source.execute(
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(3001, 3100) g",
        "UPDATE items SET v = 'changed' WHERE id <= 10");

    // bad input first: refused with one line, nothing asked of the source, the flow not failed
    FlowProcesses.Result unknown =
        processes.worker(60, "-flow-id", flowId, "-mode", "backfill", "-tables", "public.nope");
    assertThat(unknown.exit()).isNotZero();
    assertThat(lastLine(unknown))
        .contains("-tables public.nope")
        .contains("publication \"worker_backfill_pub\"");
    FlowProcesses.Result signals =
        processes.worker(
            60, "-flow-id", flowId, "-mode", "backfill", "-tables", "public.ductstream_signals");
    assertThat(lastLine(signals)).contains("the flow does not capture it");
    assertThat(source.queryLong("SELECT count(*) FROM ductstream_signals")).isZero();
    assertThat(processes.admin("flow", "get", "-id", flowId).stdout()).doesNotContain("FAILED");

    FlowProcesses.Result backfill =
        processes.worker(180, "-flow-id", flowId, "-mode", "backfill", "-tables", "public.items");

    assertThat(backfill.exit()).as("backfill run:\n%s", backfill.stderr()).isZero();
    assertThat(backfill.stderr()).contains("asked its source to copy [public.items] again");
    Map<String, Map<Integer, Integer>> reads = new HashMap<>();
    int changes = 0;
    for (String row : FlowProcesses.rows(bucket)) {
      var node = JSON.readTree(row);
      if (node.path("__op").asText().equals("r")) {
        reads
            .computeIfAbsent(node.path("__table").asText(), t -> new HashMap<>())
            .merge(node.path("id").asInt(), 1, Integer::sum);
      } else {
        changes++;
      }
    }
    assertThat(changes).as("streamed inserts and updates, once each").isEqualTo(110);
    assertThat(reads.get("other")).as("other: the snapshot only").hasSize(5).containsValue(1);
    Map<Integer, Integer> items = reads.get("items");
    assertThat(items).hasSize(3100);
    for (int id = 1; id <= 3100; id++) {
      assertThat(items.get(id)).as("reads of items id %d", id).isEqualTo(id <= 3000 ? 2 : 1);
    }
  }

  /**
   * A backfill worker killed halfway, once its checkpoint holds the backfill's progress, and run
   * again with the same flags: the backfill goes on where the checkpoint is, so every row is read
   * by it exactly once, and the run exits once it is done.
   */
  @Test
  void aBackfillWorkerKilledHalfwayGoesOnWhereItsCheckpointIs() throws Exception {
    int count = 12_000;
    TestDatabase source = PostgresServer.shared().createDatabase("worker_backfill_kill");
    source.execute(
        "CREATE TABLE items (id int PRIMARY KEY, v text)",
        "CREATE TABLE signals (id text PRIMARY KEY, type text, data text)",
        "INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, " + count + ") g");
    String bucket = S3Server.shared().createBucket("worker-backfill-kill");
    String flowId =
        processes.createFlow(
            FlowProcesses.withSourceOptions(
                FlowProcesses.s3Flow(
                    "worker_backfill_kill",
                    source,
                    "public.items,public.signals",
                    bucket,
                    Map.of("flush_size", "1000", "rotate_interval", "1s")),
                Map.of("signal.table", "public.signals", "backfill.chunk.rows", "300")));
    assertThat(processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1").exit()).isZero();

    Path log = processes.newLog("worker-backfill-kill");
    Process first = processes.startWorker(log, "-flow-id", flowId, "-mode", "backfill");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (backfillCheckpoints(flowId) == 0 && System.nanoTime() < deadline) {
      assertThat(first.isAlive()).as("worker:\n%s", Files.readString(log)).isTrue();
      Thread.sleep(50);
    }
    first.destroyForcibly(); // SIGKILL with the backfill's progress in the checkpoint
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
    int readBeforeKill = reads(bucket).values().stream().mapToInt(Integer::intValue).sum() - count;
    System.out.println("killed the backfill worker with " + readBeforeKill + " rows copied");
    assertThat(readBeforeKill).as("killed halfway").isLessThan(count);

    FlowProcesses.Result again =
        processes.worker(240, "-flow-id", flowId, "-mode", "backfill", "-max-empty-reads", "1");

    assertThat(again.exit()).as("second run:\n%s", again.stderr()).isZero();
    Map<Integer, Integer> reads = reads(bucket);
    assertThat(reads).hasSize(count);
    for (int id = 1; id <= count; id++) {
      assertThat(reads.get(id)).as("snapshot and backfill reads of id %d", id).isEqualTo(2);
    }
  }

  private static long backfillCheckpoints(String flowId) {
    return store.queryLong(
        "SELECT count(*) FROM ductstream.checkpoints WHERE flow_id = '"
            + flowId
            + "' AND metadata->>'offset' LIKE '%\"backfill\"%'");
  }

  /** How many times each id of the bucket's rows was read (op=r). */
  private static Map<Integer, Integer> reads(String bucket) throws Exception {
    Map<Integer, Integer> reads = new HashMap<>();
    for (String row : FlowProcesses.rows(bucket)) {
      var node = JSON.readTree(row);
      if (node.path("__op").asText().equals("r")) {
        reads.merge(node.path("id").asInt(), 1, Integer::sum);
      }
    }
    return reads;
  }

  @Test
  void backfillModeRefusesWhatItCannotDoWithOneLine() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_nosignal");
    source.execute(
        "CREATE TABLE t (id int PRIMARY KEY)",
        "CREATE TABLE signals (id text PRIMARY KEY, type text, data text)",
        "INSERT INTO t VALUES (1)");
    String bucket = S3Server.shared().createBucket("worker-nosignal");
    String withoutSignals =
        processes.createFlow(
            FlowProcesses.s3Flow("worker_nosignal", source, "public.t", bucket, Map.of()));
    String neverRun =
        processes.createFlow(
            FlowProcesses.withSourceOptions(
                FlowProcesses.s3Flow(
                    "worker_neverrun", source, "public.t,public.signals", bucket, Map.of()),
                Map.of("signal.table", "public.signals")));

    FlowProcesses.Result noSignalTable =
        processes.worker(60, "-flow-id", withoutSignals, "-mode", "backfill");
    assertThat(noSignalTable.exit()).isNotZero();
    assertThat(lastLine(noSignalTable)).contains("\"signal.table\"").contains("docs/worker.md");
    FlowProcesses.Result never = processes.worker(60, "-flow-id", neverRun, "-mode", "backfill");
    assertThat(never.exit()).isNotZero();
    assertThat(lastLine(never)).contains("has never run").contains("without -mode backfill");
    FlowProcesses.Result tablesAlone =
        processes.worker(60, "-flow-id", withoutSignals, "-tables", "public.t");
    assertThat(tablesAlone.exit()).isNotZero();
    assertThat(lastLine(tablesAlone)).contains("-tables only applies with -mode backfill");
    assertThat(source.queryLong("SELECT count(*) FROM signals")).isZero();
  }

  /**
   * The flow's ddl_gate option: a run until caught up stops at the first change of a new shape,
   * says which event holds it and how to go on, and exits 0; after approve and apply (the admin CLI
   * over gRPC) the next run delivers the rest, every row once.
   */
  @Test
  void aGatedRunStopsAtASchemaChangeAndTheRunAfterApproveAndApplyGoesOn() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("worker_gate");
    source.execute(
        "CREATE TABLE items (id int PRIMARY KEY, v text)",
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, 100) g");
    String bucket = S3Server.shared().createBucket("worker-gate");
    String flowId =
        processes.createFlow(
            FlowProcesses.withSourceOptions(
                FlowProcesses.s3Flow("worker_gate", source, "public.items", bucket, Map.of()),
                Map.of("ddl_gate", "true")));
    FlowProcesses.Result first = processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(first.exit()).as("worker output:\n%s%s", first.stdout(), first.stderr()).isZero();

    source.execute(
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(101, 105) g",
        "ALTER TABLE items ADD COLUMN extra int",
        "INSERT INTO items SELECT g, 'row ' || g, g FROM generate_series(106, 110) g");
    FlowProcesses.Result held = processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");
    String output = held.stdout() + held.stderr();
    assertThat(held.exit()).as("worker output:\n%s", output).isZero();
    Matcher event =
        Pattern.compile("held by DDL event (\\d+) \\(awaiting approval\\)").matcher(output);
    assertThat(event.find()).as("worker output:\n%s", output).isTrue();
    assertThat(ids(bucket)).as("nothing of the new shape").isEqualTo(range(1, 105));

    String id = event.group(1);
    FlowProcesses.Result approved = processes.admin("ddl", "approve", "-id", id);
    assertThat(approved.exit()).as(approved.stderr()).isZero();
    FlowProcesses.Result applied = processes.admin("ddl", "apply", "-id", id);
    assertThat(applied.exit()).as(applied.stderr()).isZero();
    FlowProcesses.Result after = processes.worker(180, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(after.exit()).as("worker output:\n%s%s", after.stdout(), after.stderr()).isZero();
    assertThat(ids(bucket)).isEqualTo(range(1, 110));
  }

  private static String lastLine(FlowProcesses.Result result) {
    List<String> lines = result.stderr().strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static String checkpointLsn(String flowId) throws Exception {
    return FlowProcesses.checkpointLsn(store, flowId);
  }

  private static List<String> objectKeys(String bucket) {
    List<String> keys = new java.util.ArrayList<>();
    S3Server.shared()
        .client()
        .listObjectsV2Paginator(b -> b.bucket(bucket))
        .contents()
        .forEach(o -> keys.add(o.key() + "=" + o.size()));
    return keys;
  }

  /** The ids of the rows in the bucket, sorted, duplicates kept. */
  private static List<Long> ids(String bucket) {
    Map<Long, Integer> seen = new HashMap<>();
    List<String> rows = FlowProcesses.rows(bucket);
    if (!rows.isEmpty()) {
      System.out.println("a row: " + rows.get(0));
    }
    return rows.stream()
        .map(
            row -> {
              Matcher m = KEY_ID.matcher(row);
              if (!m.find()) {
                throw new AssertionError("no __key id in " + row);
              }
              long id = Long.parseLong(m.group(1));
              seen.merge(id, 1, Integer::sum);
              return id;
            })
        .sorted()
        .toList();
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }
}
