package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.RunFlowOnceRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/ductstream with DUCTSTREAM_DBOS_ENABLED and a schedule of every second: flows run as durable
 * DBOS workflows on a queue, one at a time per flow, each until caught up, from Postgres to the S3
 * server; runs are listed with bin/ductstream-admin.
 */
class DbosSchedulingIT {
  private static final Pattern KEY_ID =
      Pattern.compile("\"__key\":\"\\{\\\\\"id\\\\\":(\\d+)\\}\"");
  private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([^\"]+)\"");

  /** Every second; the queue is not the default one, so the setting is seen to work. */
  private static final Map<String, String> DBOS =
      Map.of(
          "DUCTSTREAM_DBOS_ENABLED", "true",
          "DUCTSTREAM_DBOS_SCHEDULE", "* * * * * *",
          "DUCTSTREAM_DBOS_QUEUE", "flow-runs",
          "DUCTSTREAM_DBOS_APP", "ductstream-it");

  private static TestDatabase store;
  private static FlowProcesses processes;

  @BeforeAll
  static void startServer() throws Exception {
    store = PostgresServer.shared().createDatabase("dbos_store");
    processes = new FlowProcesses(store).startServer(DBOS);
  }

  @AfterAll
  static void stopServer() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void eachTickRunsTheRunningFlowsOnlyAndWritesBetweenTicksArrive() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("dbos_tick_src");
    source.execute(
        "CREATE TABLE a (id int PRIMARY KEY)",
        "CREATE TABLE b (id int PRIMARY KEY)",
        "CREATE TABLE c (id int PRIMARY KEY)",
        "INSERT INTO a SELECT generate_series(1, 100)",
        "INSERT INTO b SELECT generate_series(1, 50)",
        "INSERT INTO c SELECT generate_series(1, 10)");
    String bucketA = S3Server.shared().createBucket("dbos-tick-a");
    String bucketB = S3Server.shared().createBucket("dbos-tick-b");
    String bucketC = S3Server.shared().createBucket("dbos-tick-c");
    String a = createFlow("dbos_tick_a", source, "public.a", bucketA);
    String b = createFlow("dbos_tick_b", source, "public.b", bucketB);
    String c = createFlow("dbos_tick_c", source, "public.c", bucketC);
    // paused without ever running: started and paused through the API, a tick could fall between
    setState(c, "paused");
    flows(f -> f.startFlow(StartFlowRequest.newBuilder().setFlowId(a).build()));
    flows(f -> f.startFlow(StartFlowRequest.newBuilder().setFlowId(b).build()));

    await("a run of each running flow succeeded", 120, () -> succeededRuns(a) > 0);
    await("a run of each running flow succeeded", 60, () -> succeededRuns(b) > 0);
    assertThat(ids(bucketA)).isEqualTo(range(1, 100));
    assertThat(ids(bucketB)).isEqualTo(range(1, 50));

    source.execute("INSERT INTO a SELECT generate_series(101, 130)", "DELETE FROM a WHERE id = 1");
    await("the changes made between ticks in the bucket", 120, () -> rows(bucketA) == 131);
    assertThat(ids(bucketA)).as("every row once, the delete as a row").hasSize(131);

    System.out.println(
        "runs: a " + runCount(a) + ", b " + runCount(b) + ", c (paused) " + runCount(c));
    assertThat(runCount(c)).as("runs of the paused flow").isZero();
    assertThat(dbosRunsOf(c)).as("DBOS runFlow workflows of the paused flow").isZero();
    assertThat(FlowProcesses.rows(bucketC)).isEmpty();

    FlowProcesses.Result runs = admin("flow", "runs", "-flow-id", a);
    System.out.println("flow runs:\n" + runs.stdout());
    assertThat(runs.stdout())
        .contains("\"status\": \"succeeded\"", "\"trigger\": \"schedule\"", "\"rows\": ")
        .contains("\"duration_millis\": ", "\"error\": \"\"");
    FlowProcesses.Result status = admin("flow", "status", "-id", a);
    assertThat(status.stdout()).contains("\"last_run\": {", "\"flow_id\": \"" + a + "\"");

    pause(a);
    pause(b);
  }

  /**
   * A run that streams a 100,000-row load takes many ticks: no second run of the flow starts
   * meanwhile. The server is killed (SIGKILL) in the middle of it, once its checkpoint moved; at
   * restart DBOS resumes the same run, which goes on from the checkpoint: the bucket holds every
   * change exactly once.
   */
  @Test
  void aSlowRunIsNotDoubledAndAServerKilledMidRunResumesItExactlyOnce() throws Exception {
    // large enough that the run is still streaming after three ticks, on a fast machine too
    int loaded = 600_000;
    TestDatabase source = PostgresServer.shared().createDatabase("dbos_kill_src");
    source.execute(
        "CREATE TABLE load (id bigint PRIMARY KEY, v text)",
        "INSERT INTO load SELECT g, md5(g::text) FROM generate_series(1, 10) g");
    String bucket = S3Server.shared().createBucket("dbos-kill");
    String flowId =
        processes.createFlow(
            FlowProcesses.s3Flow(
                "dbos_kill",
                source,
                "public.load",
                bucket,
                Map.of("flush_size", "20000", "rotate_interval", "3s")));
    flows(f -> f.startFlow(StartFlowRequest.newBuilder().setFlowId(flowId).build()));
    await("the first run succeeded", 120, () -> succeededRuns(flowId) > 0);

    String before = checkpointLsn(flowId);
    for (int batch = 0; batch < 10; batch++) {
      long first = 11 + (long) batch * (loaded / 10);
      source.execute(
          "INSERT INTO load SELECT g, md5(g::text) FROM generate_series("
              + first
              + ", "
              + (first + loaded / 10 - 1)
              + ") g");
    }
    long ticksBefore = ticks();
    int mostInFlight = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    // the run that streams the load: kill once its checkpoint moved and ticks came meanwhile
    while (checkpointLsn(flowId).equals(before)
        || ticks() < ticksBefore + 3
        || runningRun(flowId) == null) {
      mostInFlight = Math.max(mostInFlight, dbosRunsInFlight(flowId));
      assertThat(System.nanoTime()).as("the load's run checkpointed").isLessThan(deadline);
      Thread.sleep(100);
    }
    mostInFlight = Math.max(mostInFlight, dbosRunsInFlight(flowId));
    String runId = runningRun(flowId);
    long ticksDuring = ticks() - ticksBefore;
    // at once: the run may end within a second (reading the bucket first let it finish in CI)
    processes.killServer();
    String statusAtKill = runField(runId, "status");
    String checkpointAtKill = checkpointLsn(flowId);
    int rowsAtKill = FlowProcesses.rows(bucket).size();
    // up again before any assertion: the tests after this one need the server
    processes.startServer(DBOS);
    System.out.println(
        "ticks while the load streamed: "
            + ticksDuring
            + ", runs of the flow in flight at most: "
            + mostInFlight
            + "; killed the server in run "
            + runId
            + " at checkpoint "
            + checkpointAtKill
            + " with "
            + rowsAtKill
            + " rows in the bucket");
    assertThat(mostInFlight).as("runs of the flow enqueued or in flight at once").isEqualTo(1);
    assertThat(runId).as("the run in flight").isNotNull();
    assertThat(statusAtKill).as("the run the server died in").isEqualTo("running");

    await(
        "the killed run resumed and succeeded",
        300,
        () -> "succeeded".equals(runField(runId, "status")));
    assertThat(runField(runId, "attempts")).as("starts of the run").isEqualTo("2");
    List<Long> ids = ids(bucket);
    assertThat(ids).as("rows in the bucket").hasSize(10 + loaded);
    assertThat(ids).isEqualTo(range(1, 10 + loaded));
    pause(flowId);
  }

  private static final int ONCE_ROWS = 100_000;

  @Test
  void runFlowOnceEnqueuesOneDurableRun() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("dbos_once_src");
    source.execute(
        "CREATE TABLE t (id int PRIMARY KEY)",
        "INSERT INTO t SELECT generate_series(1, " + ONCE_ROWS + ")");
    String bucket = S3Server.shared().createBucket("dbos-once");
    String flowId = createFlow("dbos_once", source, "public.t", bucket);

    FlowProcesses.Result first = admin("flow", "run-once", "-id", flowId);
    // at once, from this JVM: the first run is enqueued or running (its snapshot takes seconds; a
    // run of
    // 20 rows could end before the admin CLI's JVM had exited)
    boolean second = runFlowOnce(flowId);

    assertThat(first.stdout()).contains("\"dispatched\": true");
    assertThat(second).as("dispatched while the first run is enqueued or running").isFalse();
    await("the run succeeded", 120, () -> succeededRuns(flowId) == 1);
    assertThat(ids(bucket)).isEqualTo(range(1, ONCE_ROWS));
    FlowProcesses.Result runs = admin("flow", "runs", "-flow-id", flowId);
    assertThat(runs.stdout())
        .contains("\"trigger\": \"run_once\"", "\"rows\": \"" + ONCE_ROWS + "\"");
    Matcher run = RUN_ID.matcher(runs.stdout());
    assertThat(run.find()).isTrue();
    assertThat(dbosStatus(run.group(1))).as("DBOS workflow status").isEqualTo("SUCCESS");
    // the flow was never started: no schedule tick runs it
    assertThat(runCount(flowId)).isEqualTo(1);
  }

  @Test
  void aRunWhileAWorkerRunsTheFlowIsSkippedNamingTheWorker() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("dbos_held_src");
    source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    String bucket = S3Server.shared().createBucket("dbos-held");
    String flowId = createFlow("dbos_held", source, "public.t", bucket);
    java.nio.file.Path log = processes.newLog("dbos-held-worker");
    Process worker = processes.startWorker(log, "-flow-id", flowId);
    try {
      await(
          "the worker streams",
          120,
          () -> {
            try {
              return java.nio.file.Files.readString(log).contains("running: source");
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });

      // the worker made the flow running: the ticks leave it to the worker
      assertThat(state(flowId)).isEqualTo(FlowState.FLOW_STATE_RUNNING);
      assertThat(runCount(flowId)).as("scheduled runs while the worker holds the flow").isZero();
      assertThat(admin("flow", "run-once", "-id", flowId).stdout())
          .contains("\"dispatched\": true");

      await(
          "the run ended",
          120,
          () -> runCount(flowId) == 1 && !"running".equals(lastStatus(flowId)));
      FlowProcesses.Result runs = admin("flow", "runs", "-flow-id", flowId);
      System.out.println("runs while a worker holds the flow:\n" + runs.stdout());
      assertThat(runs.stdout())
          .contains("\"status\": \"skipped\"")
          .contains("is already running in \\\"ductstream-worker ");
      assertThat(state(flowId))
          .as("the flow is not failed")
          .isEqualTo(FlowState.FLOW_STATE_RUNNING);
    } finally {
      worker.destroy(); // SIGTERM: drains and exits
      worker.waitFor(60, TimeUnit.SECONDS);
      pause(flowId);
    }
  }

  @Test
  void aBadScheduleStopsTheServerAtStartWithOneLine() throws Exception {
    LauncherRun r =
        LauncherRun.of(
            List.of("bin/ductstream"),
            Map.of(
                "DUCTSTREAM_POSTGRES_DSN", store.postgresUrl(),
                "DUCTSTREAM_DBOS_ENABLED", "true",
                "DUCTSTREAM_DBOS_SCHEDULE", "*/10 * * * *"));

    System.out.println("bin/ductstream said: " + r.stderr().strip());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr().strip().lines()).hasSize(1);
    assertThat(r.stderr())
        .startsWith("ductstream: DUCTSTREAM_DBOS_SCHEDULE=\"*/10 * * * *\" is not a cron schedule")
        .contains("6 fields with seconds first");
  }

  private static boolean runFlowOnce(String flowId) {
    return flows(f -> f.runFlowOnce(RunFlowOnceRequest.newBuilder().setFlowId(flowId).build()))
        .getDispatched();
  }

  private static void pause(String flowId) {
    flows(f -> f.pauseFlow(PauseFlowRequest.newBuilder().setFlowId(flowId).build()));
  }

  private static FlowState state(String flowId) {
    return flows(f -> f.getFlow(GetFlowRequest.newBuilder().setFlowId(flowId).build())).getState();
  }

  /** One FlowService call from this JVM (quicker than a bin/ductstream-admin process). */
  private static <T> T flows(Function<FlowServiceGrpc.FlowServiceBlockingStub, T> call) {
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(processes.endpoint()).usePlaintext().build();
    try {
      return call.apply(
          FlowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS));
    } finally {
      channel.shutdownNow();
    }
  }

  private static String createFlow(String name, TestDatabase source, String table, String bucket)
      throws Exception {
    return processes.createFlow(FlowProcesses.s3Flow(name, source, table, bucket, Map.of()));
  }

  private static FlowProcesses.Result admin(String... args) throws Exception {
    FlowProcesses.Result result = processes.admin(args);
    assertThat(result.exit())
        .as("ductstream-admin %s: %s", List.of(args), result.stderr())
        .isZero();
    return result;
  }

  private static void await(String what, int seconds, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            what + ": not within " + seconds + " s; server log:\n" + processes.serverLog());
      }
      Thread.sleep(250);
    }
  }

  private static void setState(String flowId, String state) {
    store.execute(
        "UPDATE ductstream.flows SET state = '" + state + "' WHERE id = '" + flowId + "'");
  }

  private static String checkpointLsn(String flowId) throws Exception {
    return String.valueOf(FlowProcesses.checkpointLsn(store, flowId));
  }

  private static long succeededRuns(String flowId) {
    return count(
        "SELECT count(*) FROM ductstream.flow_runs WHERE flow_id = ? AND status = 'succeeded'",
        flowId);
  }

  private static long runCount(String flowId) {
    return count("SELECT count(*) FROM ductstream.flow_runs WHERE flow_id = ?", flowId);
  }

  /** runFlow workflows of the flow in DBOS's own table, whatever their status. */
  private static long dbosRunsOf(String flowId) {
    return count(
        "SELECT count(*) FROM dbos.workflow_status WHERE name = 'runFlow' AND inputs LIKE ?",
        "%\"" + flowId + "\"%");
  }

  /** runFlow workflows of the flow enqueued or running. */
  private static int dbosRunsInFlight(String flowId) {
    return (int)
        count(
            "SELECT count(*) FROM dbos.workflow_status WHERE name = 'runFlow'"
                + " AND status IN ('ENQUEUED', 'PENDING') AND inputs LIKE ?",
            "%\"" + flowId + "\"%");
  }

  /** The schedule's tick workflows so far. */
  private static long ticks() {
    return count(
        "SELECT count(*) FROM dbos.workflow_status WHERE name = ?", "enqueueScheduledRuns");
  }

  private static String lastStatus(String flowId) {
    return text(
        "SELECT status FROM ductstream.flow_runs WHERE flow_id = ? ORDER BY started_at DESC LIMIT 1",
        flowId);
  }

  private static String runningRun(String flowId) {
    return text(
        "SELECT id FROM ductstream.flow_runs WHERE flow_id = ? AND status = 'running'", flowId);
  }

  private static String runField(String runId, String column) {
    return text("SELECT " + column + "::text FROM ductstream.flow_runs WHERE id = ?", runId);
  }

  private static String dbosStatus(String workflowId) {
    return text("SELECT status FROM dbos.workflow_status WHERE workflow_uuid = ?", workflowId);
  }

  private static long count(String sql, String parameter) {
    return Long.parseLong(text(sql, parameter));
  }

  private static String text(String sql, String parameter) {
    try (Connection c = store.connect();
        PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, parameter);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static int rows(String bucket) {
    return FlowProcesses.rows(bucket).size();
  }

  /** The ids of the rows in the bucket, sorted, duplicates kept. */
  private static List<Long> ids(String bucket) {
    List<Long> ids = new ArrayList<>();
    for (String row : FlowProcesses.rows(bucket)) {
      Matcher m = KEY_ID.matcher(row);
      if (!m.find()) {
        throw new AssertionError("no __key id in " + row);
      }
      ids.add(Long.parseLong(m.group(1)));
    }
    ids.sort(null);
    return ids;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
