package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.Checkpoint;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DDLEvent;
import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowCheckpoint;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetCheckpointRequest;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.InstallDDLCaptureRequest;
import io.ductstream.api.v1.ListCheckpointsRequest;
import io.ductstream.api.v1.ListCheckpointsResponse;
import io.ductstream.api.v1.ListDDLRequest;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.api.v1.ListPendingDDLRequest;
import io.ductstream.api.v1.PutCheckpointRequest;
import io.ductstream.api.v1.RenderConnectorConfigsRequest;
import io.ductstream.api.v1.ResetCheckpointRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Status.Code;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CheckpointService and DDLService over a real socket on a real store. */
class CheckpointAndDdlServiceIT {
  private static TestDatabase store;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws IOException {
    store = PostgresServer.shared().createDatabase("checkpoint_ddl_it");
    server = RunningApiServer.start(store, Map.of());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String createFlow(String name) {
    return server
        .flows()
        .createFlow(CreateFlowRequest.newBuilder().setFlow(FlowServiceIT.kafkaFlow(name)).build())
        .getId();
  }

  private static long insertDdl(String flowId, String status) throws Exception {
    try (Connection connection = store.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO ductstream.ddl_events (flow_id, namespace, name, ddl, lsn, status)"
                    + " VALUES (?, 'public', 'orders', 'ALTER TABLE public.orders ADD COLUMN note text',"
                    + " '0/16B3748', ?) RETURNING id")) {
      insert.setString(1, flowId);
      insert.setString(2, status);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static DDLEventRequest event(long id) {
    return DDLEventRequest.newBuilder().setId(id).build();
  }

  @Test
  void checkpointIsPutReadListedAndReset() {
    String id = createFlow("checkpointed");
    assertFailsWith(
            Code.NOT_FOUND,
            () ->
                server
                    .checkpoints()
                    .getCheckpoint(GetCheckpointRequest.newBuilder().setFlowId(id).build()))
        .startsWith("flow \"" + id + "\" has no checkpoint yet");

    FlowCheckpoint put =
        server
            .checkpoints()
            .putCheckpoint(
                PutCheckpointRequest.newBuilder()
                    .setFlowId(id)
                    .setCheckpoint(
                        Checkpoint.newBuilder()
                            .setLsn("0/16b3748")
                            .setTimestampUnixMillis(1_795_600_800_000L)
                            .putMetadata("source", "test"))
                    .build());

    assertThat(put.getCheckpoint().getLsn()).isEqualTo("0/16B3748");
    assertThat(put.getCheckpoint().getTimestampUnixMillis()).isEqualTo(1_795_600_800_000L);
    assertThat(
            server
                .checkpoints()
                .getCheckpoint(GetCheckpointRequest.newBuilder().setFlowId(id).build()))
        .isEqualTo(put);
    assertThat(
            server
                .checkpoints()
                .listCheckpoints(ListCheckpointsRequest.getDefaultInstance())
                .getCheckpointsList())
        .contains(put);
    ListCheckpointsResponse firstPage =
        server
            .checkpoints()
            .listCheckpoints(ListCheckpointsRequest.newBuilder().setPageSize(1).build());
    assertThat(firstPage.getCheckpointsList()).hasSize(1);
    List<String> paged = new java.util.ArrayList<>();
    String token = "";
    do {
      ListCheckpointsResponse page =
          server
              .checkpoints()
              .listCheckpoints(
                  ListCheckpointsRequest.newBuilder().setPageSize(1).setPageToken(token).build());
      page.getCheckpointsList().forEach(c -> paged.add(c.getFlowId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertThat(paged)
        .isSorted()
        .doesNotHaveDuplicates()
        .contains(id)
        .hasSize(
            server
                .checkpoints()
                .listCheckpoints(ListCheckpointsRequest.getDefaultInstance())
                .getCheckpointsCount());

    assertThat(
            server
                .checkpoints()
                .resetCheckpoint(ResetCheckpointRequest.newBuilder().setFlowId(id).build())
                .getReset())
        .isTrue();
    assertThat(
            server
                .checkpoints()
                .resetCheckpoint(ResetCheckpointRequest.newBuilder().setFlowId(id).build())
                .getReset())
        .isFalse();
  }

  @Test
  void checkpointRequestsAreValidated() {
    String id = createFlow("checkpoint-checks");

    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                server
                    .checkpoints()
                    .putCheckpoint(
                        PutCheckpointRequest.newBuilder()
                            .setFlowId(id)
                            .setCheckpoint(Checkpoint.newBuilder().setLsn("16B3748"))
                            .build()))
        .isEqualTo(
            "checkpoint.lsn \"16B3748\" is not an LSN as Postgres prints it, such as 0/16B3748");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                server
                    .checkpoints()
                    .putCheckpoint(PutCheckpointRequest.newBuilder().setFlowId(id).build()))
        .isEqualTo("checkpoint is required");
    assertFailsWith(
            Code.NOT_FOUND,
            () ->
                server
                    .checkpoints()
                    .putCheckpoint(
                        PutCheckpointRequest.newBuilder()
                            .setFlowId("nope")
                            .setCheckpoint(Checkpoint.newBuilder().setLsn("0/1"))
                            .build()))
        .isEqualTo("flow \"nope\" not found");

    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());
    assertFailsWith(
            Code.FAILED_PRECONDITION,
            () ->
                server
                    .checkpoints()
                    .resetCheckpoint(ResetCheckpointRequest.newBuilder().setFlowId(id).build()))
        .matches("flow \"" + id + "\" is (running|failed); pause it.*");
  }

  @Test
  void ddlEventGoesFromPendingThroughApprovedToApplied() throws Exception {
    String flowId = createFlow("ddl-approved");
    long id = insertDdl(flowId, "pending");

    assertThat(
            server
                .ddl()
                .listPendingDDL(ListPendingDDLRequest.newBuilder().setFlowId(flowId).build())
                .getEventsList())
        .extracting(DDLEvent::getId, DDLEvent::getStatus, DDLEvent::getLsn, DDLEvent::getFlowId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "pending", "0/16B3748", flowId));

    DDLEvent approved = server.ddl().approveDDL(event(id)).getEvent();
    assertThat(approved.getStatus()).isEqualTo("approved");
    assertThat(approved.getApprovedBy()).startsWith("api 127.0.0.1:");
    assertThat(approved.hasApprovedAt()).isTrue();
    assertThat(approved.hasAppliedAt()).isFalse();
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().approveDDL(event(id)))
        .isEqualTo(
            "DDL event "
                + id
                + " is approved; ApproveDDL needs it to be pending or rejected (it is approved"
                + " already; apply it next)");
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().rejectDDL(rejection(id, "no")))
        .isEqualTo(
            "DDL event "
                + id
                + " is approved; RejectDDL needs it to be pending (an approved change can only be"
                + " applied)");
    DDLEvent applied = server.ddl().markDDLApplied(event(id)).getEvent();
    assertThat(applied.getStatus()).isEqualTo("applied");
    assertThat(applied.getAppliedBy()).startsWith("api 127.0.0.1:");
    assertThat(applied.hasAppliedAt()).isTrue();
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().markDDLApplied(event(id)))
        .isEqualTo(
            "DDL event "
                + id
                + " is applied; MarkDDLApplied needs it to be approved (it is applied"
                + " already)");

    assertThat(
            server
                .ddl()
                .listDDL(ListDDLRequest.newBuilder().setStatus("applied").setFlowId(flowId).build())
                .getEventsList())
        .extracting(DDLEvent::getId)
        .containsExactly(id);
    assertThat(
            server
                .ddl()
                .listPendingDDL(ListPendingDDLRequest.newBuilder().setFlowId(flowId).build())
                .getEventsList())
        .isEmpty();
  }

  @Test
  void ddlListsPageByEventId() throws Exception {
    String flowId = createFlow("ddl-pages");
    List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(insertDdl(flowId, "pending"));
    }

    List<Long> paged = new java.util.ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListDDLResponse page =
          server
              .ddl()
              .listPendingDDL(
                  ListPendingDDLRequest.newBuilder()
                      .setFlowId(flowId)
                      .setPageSize(2)
                      .setPageToken(token)
                      .build());
      page.getEventsList().forEach(e -> paged.add(e.getId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(paged).isEqualTo(ids);
    assertThat(pages).isEqualTo(3);
    assertThat(
            server
                .ddl()
                .listDDL(ListDDLRequest.newBuilder().setFlowId(flowId).build())
                .getNextPageToken())
        .isEmpty();
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () -> server.ddl().listDDL(ListDDLRequest.newBuilder().setPageToken("bm9wZQ").build()))
        .isEqualTo("page_token is not one that ListDDL returned; leave it empty");
  }

  @Test
  void rejectionNeedsAReasonAndARejectedEventCanBeApprovedAfterAll() throws Exception {
    long id = insertDdl(createFlow("ddl-rejected"), "pending");

    assertFailsWith(Code.INVALID_ARGUMENT, () -> server.ddl().rejectDDL(event(id)))
        .startsWith("reason is required");
    assertFailsWith(Code.INVALID_ARGUMENT, () -> server.ddl().rejectDDL(rejection(id, "  ")))
        .startsWith("reason is required");
    DDLEvent rejected =
        server.ddl().rejectDDL(rejection(id, "drops a column the lake needs")).getEvent();
    assertThat(rejected.getStatus()).isEqualTo("rejected");
    assertThat(rejected.getReason()).isEqualTo("drops a column the lake needs");
    assertThat(rejected.getRejectedBy()).startsWith("api 127.0.0.1:");
    assertThat(rejected.hasRejectedAt()).isTrue();
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().markDDLApplied(event(id)))
        .isEqualTo(
            "DDL event "
                + id
                + " is rejected; MarkDDLApplied needs it to be approved (approve it first)");
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().rejectDDL(rejection(id, "again")))
        .isEqualTo(
            "DDL event "
                + id
                + " is rejected; RejectDDL needs it to be pending (it is rejected"
                + " already)");

    DDLEvent approved = server.ddl().approveDDL(event(id)).getEvent();
    assertThat(approved.getStatus()).isEqualTo("approved");
    assertThat(approved.hasRejectedAt()).as("the rejection stays on record").isTrue();
    assertThat(server.ddl().markDDLApplied(event(id)).getEvent().getStatus()).isEqualTo("applied");
  }

  @Test
  void getDdlShowsEveryFieldTheConnectorWrote() throws Exception {
    String flowId = createFlow("ddl-show");
    long id;
    try (Connection connection = store.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO ductstream.ddl_events (flow_id, namespace, name, ddl, lsn, status,"
                    + " table_version, tx_event, old_shape, new_shape, diff, detected_by,"
                    + " plan_json, applied_at, applied_by)"
                    + " VALUES (?, 'public', 'orders', 'ALTER TABLE orders ADD COLUMN note text',"
                    + " '0/16B3748', 'applied', 2, 0, ?::jsonb, ?::jsonb,"
                    + " 'add column note text', 'catalog', ?::jsonb, now(), 'auto') RETURNING id")) {
      insert.setString(1, flowId);
      insert.setString(2, "{\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}");
      insert.setString(
          3,
          "{\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},"
              + "{\"name\":\"note\",\"type\":\"text\"}]}");
      insert.setString(4, "{\"table\":\"public.orders\",\"version\":2,\"compatible\":true}");
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        id = rows.getLong(1);
      }
    }

    DDLEvent shown = server.ddl().getDDL(event(id)).getEvent();

    assertThat(shown.getId()).isEqualTo(id);
    assertThat(shown.getFlowId()).isEqualTo(flowId);
    assertThat(shown.getNamespace()).isEqualTo("public");
    assertThat(shown.getTable()).isEqualTo("orders");
    assertThat(shown.getTableVersion()).isEqualTo(2);
    assertThat(shown.getDiff()).isEqualTo("add column note text");
    assertThat(shown.getDetectedBy()).isEqualTo("catalog");
    assertThat(shown.getOldShapeJson()).contains("\"id\"").doesNotContain("note");
    assertThat(shown.getNewShapeJson()).contains("\"note\"");
    assertThat(shown.getPlanJson()).contains("\"compatible\": true");
    assertThat(shown.getAppliedBy()).isEqualTo("auto");
    assertThat(shown.hasAppliedAt()).isTrue();
    assertThat(shown.hasApprovedAt()).isFalse();
    assertThat(shown.getReason()).isEmpty();
    assertFailsWith(Code.NOT_FOUND, () -> server.ddl().getDDL(event(987_655)))
        .isEqualTo("DDL event 987655 not found");
    assertFailsWith(Code.INVALID_ARGUMENT, () -> server.ddl().getDDL(event(0)))
        .isEqualTo("id is required (a DDL event id from ListDDL)");
  }

  @Test
  void aRunningGatedFlowWithAnEventNotAppliedAwaitsDdlApprovalUntilItIsApplied() throws Exception {
    String gated = createFlow("ddl-gated", "true");
    String ungated = createFlow("ddl-ungated", "false");
    markRunning(gated);
    markRunning(ungated);
    assertThat(reportedState(gated)).isEqualTo(FlowState.FLOW_STATE_RUNNING);

    long first = insertDdl(gated, "pending");
    long second = insertDdl(gated, "pending");
    insertDdl(ungated, "pending");

    assertThat(reportedState(gated)).isEqualTo(FlowState.FLOW_STATE_AWAITING_DDL_APPROVAL);
    assertThat(reportedState(ungated)).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(listedState(gated)).isEqualTo(FlowState.FLOW_STATE_AWAITING_DDL_APPROVAL);
    assertThat(listedState(ungated)).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    FlowStatus status = status(gated);
    assertThat(status.getState()).isEqualTo(FlowState.FLOW_STATE_AWAITING_DDL_APPROVAL);
    assertThat(status.getHeldByDdlEventsList()).containsExactly(first, second);
    assertThat(status.getDdlRejectionReason()).isEmpty();

    server.ddl().rejectDDL(rejection(first, "wait for the lake team"));
    assertThat(status(gated).getDdlRejectionReason()).isEqualTo("wait for the lake team");

    for (long id : List.of(first, second)) {
      server.ddl().approveDDL(event(id));
      assertThat(reportedState(gated)).isEqualTo(FlowState.FLOW_STATE_AWAITING_DDL_APPROVAL);
      server.ddl().markDDLApplied(event(id));
    }
    assertThat(reportedState(gated)).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(status(gated).getHeldByDdlEventsList()).isEmpty();
    assertThat(status(ungated).getHeldByDdlEventsList()).isEmpty();
  }

  @Test
  void theSourceConnectorGetsTheStoreTheFlowIdAndTheGateWithTheStoreMasked() {
    String gated = createFlow("ddl-rendered", "true");

    Map<String, String> source =
        server
            .flows()
            .renderConnectorConfigs(
                RenderConnectorConfigsRequest.newBuilder().setFlowId(gated).build())
            .getConnectors(0)
            .getConfigMap();

    assertThat(source)
        .containsEntry("ddl.flow.id", gated)
        .containsEntry("ddl.gate", "true")
        .containsEntry("ddl.auto.approve", "false")
        .containsEntry("ddl.catalog.interval.ms", "30000")
        .containsEntry("ddl.catalog.schemas", "public")
        .containsEntry("ddl.destinations", "kafka:kafka-out");
    assertThat(source.get("ddl.store.dsn"))
        .startsWith("postgres://")
        .contains(store.host() + ":" + store.port() + "/" + store.name());
    if (!store.password().isEmpty()) {
      assertThat(source.get("ddl.store.dsn")).contains(":***@").doesNotContain(store.password());
    }
  }

  @Test
  void installCaptureAddsTheEventTriggerWhoseMessagesCarryTheStatement() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("ddl_capture_src");
    String flowId = createFlowOn(source.postgresUrl(), "ddl-capture");
    InstallDDLCaptureRequest install =
        InstallDDLCaptureRequest.newBuilder().setFlowId(flowId).build();

    assertThat(server.ddl().installDDLCapture(install).getMessage())
        .startsWith(
            "installed event trigger ductstream_ddl_capture (ddl_command_end) on postgres://");
    assertThat(server.ddl().installDDLCapture(install).getMessage())
        .startsWith("reinstalled event trigger ductstream_ddl_capture");
    assertThat(
            source.queryLong(
                "SELECT count(*) FROM pg_event_trigger WHERE evtname = 'ductstream_ddl_capture'"
                    + " AND evtevent = 'ddl_command_end' AND evtenabled = 'O'"))
        .isEqualTo(1);

    source.execute(
        "CREATE TABLE orders (id int PRIMARY KEY)",
        "CREATE PUBLICATION ddl_capture_pub",
        "SELECT pg_create_logical_replication_slot('ddl_capture_it', 'pgoutput')");
    try {
      // flushed at commit (the test server commits asynchronously), so the peek below sees it
      source.execute("SET synchronous_commit = on", "ALTER TABLE orders ADD COLUMN note text");
      StringBuilder changes = new StringBuilder();
      try (Connection connection = source.connect();
          PreparedStatement peek =
              connection.prepareStatement(
                  "SELECT data FROM pg_logical_slot_peek_binary_changes('ddl_capture_it', NULL,"
                      + " NULL, 'proto_version', '1', 'publication_names', 'ddl_capture_pub',"
                      + " 'messages', 'true')");
          ResultSet rows = peek.executeQuery()) {
        while (rows.next()) {
          changes.append(new String(rows.getBytes(1), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      int json = changes.indexOf("{");
      System.out.println(
          "pgoutput message after ALTER TABLE: " + (json < 0 ? "none" : changes.substring(json)));
      assertThat(changes.toString())
          .contains("ductstream.ddl")
          .contains("public.orders")
          .contains("ALTER TABLE")
          .contains("ALTER TABLE orders ADD COLUMN note text");
    } finally {
      source.execute("SELECT pg_drop_replication_slot('ddl_capture_it')");
    }
  }

  @Test
  void installCaptureAsAUserWhoIsNotSuperuserIsRefusedNamingThePrivilege() {
    TestDatabase source = PostgresServer.shared().createDatabase("ddl_capture_plain");
    String role = "plain_" + source.name();
    source.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'plain-pass'");
    try {
      String flowId =
          createFlowOn(
              "postgres://"
                  + role
                  + ":plain-pass@"
                  + source.host()
                  + ":"
                  + source.port()
                  + "/"
                  + source.name()
                  + "?sslmode=disable",
              "ddl-capture-plain");

      assertFailsWith(
              Code.FAILED_PRECONDITION,
              () ->
                  server
                      .ddl()
                      .installDDLCapture(
                          InstallDDLCaptureRequest.newBuilder().setFlowId(flowId).build()))
          .startsWith(
              "installing the DDL capture trigger needs the SUPERUSER privilege on the source")
          .contains("user \"" + role + "\"")
          .doesNotContain("plain-pass");
      assertThat(
              source.queryLong(
                  "SELECT count(*) FROM pg_event_trigger WHERE evtname = 'ductstream_ddl_capture'"))
          .isZero();
    } finally {
      source.execute("DROP ROLE " + role);
    }
    assertFailsWith(
            Code.NOT_FOUND,
            () ->
                server
                    .ddl()
                    .installDDLCapture(
                        InstallDDLCaptureRequest.newBuilder().setFlowId("no-such-flow").build()))
        .isEqualTo("flow \"no-such-flow\" not found");
  }

  private static String createFlowOn(String dsn, String name) {
    Flow flow = FlowServiceIT.kafkaFlow(name);
    Flow onSource =
        flow.toBuilder().setSource(flow.getSource().toBuilder().putOptions("dsn", dsn)).build();
    return server
        .flows()
        .createFlow(CreateFlowRequest.newBuilder().setFlow(onSource).build())
        .getId();
  }

  private static String createFlow(String name, String ddlGate) {
    Flow flow = FlowServiceIT.kafkaFlow(name);
    Flow gated =
        flow.toBuilder()
            .setSource(flow.getSource().toBuilder().putOptions("ddl_gate", ddlGate))
            .build();
    return server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(gated).build()).getId();
  }

  /** Running as the store has it, with no runner started for it (its source does not exist). */
  private static void markRunning(String flowId) {
    store.execute("UPDATE ductstream.flows SET state = 'running' WHERE id = '" + flowId + "'");
  }

  private static FlowState reportedState(String flowId) {
    return server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(flowId).build()).getState();
  }

  private static FlowState listedState(String flowId) {
    return server
        .flows()
        .listFlows(ListFlowsRequest.newBuilder().setPageSize(1000).build())
        .getFlowsList()
        .stream()
        .filter(f -> f.getId().equals(flowId))
        .findFirst()
        .orElseThrow()
        .getState();
  }

  private static FlowStatus status(String flowId) {
    return server
        .flows()
        .getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(flowId).build());
  }

  private static DDLEventRequest rejection(long id, String reason) {
    return DDLEventRequest.newBuilder().setId(id).setReason(reason).build();
  }

  @Test
  void ddlRequestsAreValidated() {
    assertFailsWith(Code.NOT_FOUND, () -> server.ddl().approveDDL(event(987_654)))
        .isEqualTo("DDL event 987654 not found");
    assertFailsWith(Code.INVALID_ARGUMENT, () -> server.ddl().approveDDL(event(0)))
        .isEqualTo("id is required (a DDL event id from ListDDL)");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () -> server.ddl().listDDL(ListDDLRequest.newBuilder().setStatus("later").build()))
        .isEqualTo(
            "status \"later\" is not a DDL status; use pending, approved, rejected, applied or all");
  }
}
