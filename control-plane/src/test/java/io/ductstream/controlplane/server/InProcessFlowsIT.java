package io.ductstream.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.GetCheckpointRequest;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.RunFlowOnceRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.PrometheusText;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Without DUCTSTREAM_CONNECT_URL the API server runs started flows itself: real gRPC over a socket,
 * a real source database, the in-process S3 server.
 */
class InProcessFlowsIT {
  private static TestDatabase store;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    store = PostgresServer.shared().createDatabase("inprocess_store");
    server = RunningApiServer.start(store, Map.of());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aStartedFlowStreamsToS3AndPauseEndsItsRun() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("inprocess_src");
    source.execute(
        "CREATE TABLE orders (id int PRIMARY KEY, note text)",
        "INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 200) g");
    String bucket = S3Server.shared().createBucket("inprocess");
    Flow flow =
        server
            .flows()
            .createFlow(
                CreateFlowRequest.newBuilder()
                    .setFlow(s3Flow("inproc_stream", source, bucket, "1s"))
                    .build());

    Flow started =
        server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(flow.getId()).build());
    assertThat(started.getState()).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    source.execute("INSERT INTO orders SELECT g, 'n' || g FROM generate_series(201, 300) g");

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(rows(bucket)).hasSize(300));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        server
                            .checkpoints()
                            .getCheckpoint(
                                GetCheckpointRequest.newBuilder().setFlowId(flow.getId()).build())
                            .getCheckpoint()
                            .getLsn())
                    .isNotEqualTo("0/0"));
    assertThat(
            server
                .flows()
                .getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(flow.getId()).build())
                .getConnectError())
        .contains("the API server runs the flow itself; running now");

    server.flows().pauseFlow(PauseFlowRequest.newBuilder().setFlowId(flow.getId()).build());
    source.execute("INSERT INTO orders VALUES (301, 'while paused')");
    Thread.sleep(3000);
    assertThat(rows(bucket)).hasSize(300);
    server.flows().deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(flow.getId()).build());
  }

  @Test
  void runFlowOnceRunsUntilCaughtUpAndASecondCallWhileItRunsStartsNothing() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("inprocess_once");
    source.execute(
        "CREATE TABLE orders (id int PRIMARY KEY, note text)",
        "INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 500) g");
    String bucket = S3Server.shared().createBucket("inprocess-once");
    Flow flow =
        server
            .flows()
            .createFlow(
                CreateFlowRequest.newBuilder()
                    .setFlow(s3Flow("inproc_once", source, bucket, "1h"))
                    .build());
    RunFlowOnceRequest once = RunFlowOnceRequest.newBuilder().setFlowId(flow.getId()).build();

    assertThat(server.flows().runFlowOnce(once).getDispatched()).isTrue();
    assertThat(server.flows().runFlowOnce(once).getDispatched()).isFalse();

    // the run uploads what it holds when caught up, although rotate_interval is an hour
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(rows(bucket)).hasSize(500));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        server
                            .flows()
                            .getFlowStatus(
                                GetFlowStatusRequest.newBuilder().setFlowId(flow.getId()).build())
                            .getConnectError())
                    .endsWith("not running now"));
    source.execute("INSERT INTO orders VALUES (501, 'later')");
    assertThat(server.flows().runFlowOnce(once).getDispatched()).isTrue();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(rows(bucket)).hasSize(501));
    assertThat(
            server
                .flows()
                .getFlow(GetFlowRequest.newBuilder().setFlowId(flow.getId()).build())
                .getState())
        .isEqualTo(FlowState.FLOW_STATE_CREATED);
  }

  @Test
  void aFlowWhoseDestinationIsDownIsFailedWithTheReasonAndRecoversWhenItComesBack()
      throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("inprocess_down");
    source.execute("CREATE TABLE orders (id int PRIMARY KEY)", "INSERT INTO orders VALUES (1)");
    Flow flow =
        server
            .flows()
            .createFlow(
                CreateFlowRequest.newBuilder()
                    .setFlow(s3Flow("inproc_down", source, "no-such-bucket-yet", "1s"))
                    .build());

    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(flow.getId()).build());

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        server
                            .flows()
                            .getFlow(GetFlowRequest.newBuilder().setFlowId(flow.getId()).build())
                            .getState())
                    .isEqualTo(FlowState.FLOW_STATE_FAILED));
    assertThat(
            server
                .flows()
                .getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(flow.getId()).build())
                .getConnectError())
        .contains("its last attempt failed, retrying: ")
        .contains("no-such-bucket-yet");
    assertThat(lastFailure(flow.getId())).contains("no-such-bucket-yet");

    S3Server.shared().client().createBucket(b -> b.bucket("no-such-bucket-yet"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        server
                            .flows()
                            .getFlow(GetFlowRequest.newBuilder().setFlowId(flow.getId()).build())
                            .getState())
                    .isEqualTo(FlowState.FLOW_STATE_RUNNING));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(rows("no-such-bucket-yet")).hasSize(1));
    PrometheusText meters = PrometheusText.parse(server.metrics().scrape());
    assertThat(meters.value("ductstream_task_restarts_total", Map.of("flow", "inproc_down")))
        .as("runs started again after a failure")
        .isGreaterThanOrEqualTo(1.0);
    assertThat(
            meters.value(
                "ductstream_rows_total",
                Map.of("flow", "inproc_down", "table", "public.orders", "op", "r")))
        .as("the run that recovered read the row")
        .isEqualTo(1.0);
    server.flows().deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(flow.getId()).build());
  }

  private static Flow s3Flow(String name, TestDatabase source, String bucket, String rotate) {
    return TestFlows.s3Flow(
        name,
        source,
        bucket,
        "json",
        rotate,
        Map.of("s3.retries", "1", "s3.retry.backoff.ms", "10"));
  }

  private static String lastFailure(String flowId) throws Exception {
    try (var c = store.connect();
        var s =
            c.prepareStatement(
                "SELECT reason FROM ductstream.flow_state_events WHERE flow_id = ?"
                    + " AND to_state = 'failed' ORDER BY id DESC LIMIT 1")) {
      s.setString(1, flowId);
      try (var rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    }
  }

  /** The JSON Lines rows of the bucket's data objects. */
  private static List<String> rows(String bucket) {
    var client = S3Server.shared().client();
    List<String> rows = new ArrayList<>();
    for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      if (!object.key().endsWith(".jsonl")) {
        continue;
      }
      String body =
          client
              .getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
              .asString(StandardCharsets.UTF_8);
      body.lines().filter(l -> !l.isBlank()).forEach(rows::add);
    }
    return rows;
  }
}
