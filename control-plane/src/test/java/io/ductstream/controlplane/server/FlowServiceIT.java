package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.ListFlowRunsRequest;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.api.v1.ListFlowsResponse;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.ResumeFlowRequest;
import io.ductstream.api.v1.RunFlowOnceRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.StopFlowRequest;
import io.ductstream.api.v1.UpdateFlowRequest;
import io.ductstream.api.v1.WireFormat;
import io.ductstream.controlplane.flowfile.FlowFile;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Status.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FlowService over a real socket on a real store, without Kafka Connect: the flows are stored and
 * move through their states; FlowConnectIT covers applying them to a Connect worker.
 */
class FlowServiceIT {
  static final Path EXAMPLES = Path.of("..", "examples", "flows");

  private static TestDatabase store;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws IOException {
    store = PostgresServer.shared().createDatabase("flow_service_it");
    server = RunningApiServer.start(store, Map.of());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static Flow kafkaFlow(String name) {
    return Flow.newBuilder()
        .setName(name)
        .setWireFormat(WireFormat.WIRE_FORMAT_JSON)
        .setSource(
            Endpoint.newBuilder()
                .setName("pg")
                .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                .putOptions("dsn", "postgres://app:s3cret@db.internal:5432/app")
                .putOptions("slot", "orders_slot"))
        .addDestinations(
            Endpoint.newBuilder()
                .setName("kafka-out")
                .setType(EndpointType.ENDPOINT_TYPE_KAFKA)
                .putOptions("topic", "app." + name))
        .build();
  }

  private static Flow create(Flow flow) {
    return server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(flow).build());
  }

  @Test
  void flowGoesThroughItsWholeLifecycleOverARealSocket() {
    Flow created = create(kafkaFlow("lifecycle"));
    assertThat(created.getId()).isNotBlank();
    assertThat(created.getState()).isEqualTo(FlowState.FLOW_STATE_CREATED);
    assertThat(created.getCreatedAt().getSeconds()).isPositive();
    String id = created.getId();

    assertThat(server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build()))
        .isEqualTo(created);
    assertThat(server.flows().listFlows(ListFlowsRequest.getDefaultInstance()).getFlowsList())
        .extracting(Flow::getId)
        .contains(id);
    assertThat(
            server
                .flows()
                .startFlow(StartFlowRequest.newBuilder().setFlowId(id).build())
                .getState())
        .isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(
            server
                .flows()
                .pauseFlow(PauseFlowRequest.newBuilder().setFlowId(id).build())
                .getState())
        .isEqualTo(FlowState.FLOW_STATE_PAUSED);
    assertThat(
            server
                .flows()
                .resumeFlow(ResumeFlowRequest.newBuilder().setFlowId(id).build())
                .getState())
        .isEqualTo(FlowState.FLOW_STATE_RUNNING);

    Flow changed =
        created.toBuilder()
            .setSource(created.getSource().toBuilder().putOptions("batch_size", "250"))
            .build();
    Flow updated =
        server.flows().updateFlow(UpdateFlowRequest.newBuilder().setFlow(changed).build());
    assertThat(updated.getSource().getOptionsMap()).containsEntry("batch_size", "250");
    // the server runs the flow; its source does not exist here, so its run may have failed it
    assertThat(updated.getState()).isIn(FlowState.FLOW_STATE_RUNNING, FlowState.FLOW_STATE_FAILED);
    assertThat(updated.getCreatedAt()).isEqualTo(created.getCreatedAt());

    assertThat(
            server
                .flows()
                .deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(id).build())
                .getDeleted())
        .isTrue();
    assertFailsWith(
            Code.NOT_FOUND,
            () -> server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build()))
        .isEqualTo("flow \"" + id + "\" not found");
  }

  @Test
  void createWithStartImmediatelyRunsTheFlowAndStopFlowPausesIt() {
    Flow created =
        server
            .flows()
            .createFlow(
                CreateFlowRequest.newBuilder()
                    .setFlow(kafkaFlow("started"))
                    .setStartImmediately(true)
                    .build());

    assertThat(created.getState()).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(
            server
                .flows()
                .stopFlow(StopFlowRequest.newBuilder().setFlowId(created.getId()).build())
                .getState())
        .isEqualTo(FlowState.FLOW_STATE_PAUSED);
  }

  @Test
  void everyExampleFlowFileIsAcceptedByCreateFlow() throws IOException {
    List<Path> examples;
    try (var files = Files.list(EXAMPLES)) {
      examples = files.sorted().toList();
    }
    assertThat(examples)
        .extracting(p -> p.getFileName().toString())
        .contains("pg_to_kafka_avro.json", "pg_to_s3_parquet.json", "pg_fanout_kafka_s3.json");

    for (Path example : examples) {
      CreateFlowRequest request = FlowFile.parse(Files.readString(example));
      Flow created = server.flows().createFlow(request);

      assertThat(created.getName()).as(example.toString()).isEqualTo(request.getFlow().getName());
      assertThat(created.getState()).isEqualTo(FlowState.FLOW_STATE_CREATED);
      assertThat(created.getDestinationsCount())
          .isEqualTo(request.getFlow().getDestinationsCount());
    }
  }

  @Test
  void validationErrorsNameTheField() {
    Flow valid = kafkaFlow("invalid");
    Flow missingBucket =
        valid.toBuilder()
            .addDestinations(
                Endpoint.newBuilder()
                    .setName("lake")
                    .setType(EndpointType.ENDPOINT_TYPE_S3)
                    .putOptions("prefix", "cdc"))
            .build();
    Flow snowflake =
        valid.toBuilder()
            .setDestinations(
                0,
                Endpoint.newBuilder().setName("wh").setType(EndpointType.ENDPOINT_TYPE_SNOWFLAKE))
            .build();

    assertFailsWith(Code.INVALID_ARGUMENT, () -> create(missingBucket))
        .isEqualTo("destinations[1].options.bucket is required");
    assertFailsWith(Code.INVALID_ARGUMENT, () -> create(snowflake))
        .isEqualTo(
            "destinations[0].type: snowflake is not supported as a destination; use kafka or s3");
    assertFailsWith(Code.INVALID_ARGUMENT, () -> create(valid.toBuilder().clearSource().build()))
        .isEqualTo("source is required");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () -> server.flows().createFlow(CreateFlowRequest.getDefaultInstance()))
        .isEqualTo("flow is required");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () -> server.flows().startFlow(StartFlowRequest.getDefaultInstance()))
        .isEqualTo("flow_id is required");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () -> server.flows().updateFlow(UpdateFlowRequest.newBuilder().setFlow(valid).build()))
        .isEqualTo("flow.id is required");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                create(
                    valid.toBuilder()
                        .setSource(valid.getSource().toBuilder().putOptions("format", "avro"))
                        .setDestinations(
                            0, valid.getDestinations(0).toBuilder().putOptions("format", "proto"))
                        .build()))
        .startsWith(
            "source.options.format \"avro\" conflicts with destinations[0].options.format \"proto\"");
  }

  @Test
  void hostileInputIsInvalidArgumentNamingTheFieldNotAStoreError() {
    Flow valid = kafkaFlow("hostile");

    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                create(
                    valid.toBuilder()
                        .setSource(
                            valid.getSource().toBuilder()
                                .putOptions("transforms", "t")
                                .putOptions("transforms.t.type", "org.example.Evil"))
                        .build()))
        .startsWith("source.options.transforms is not an option of a postgres endpoint");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                create(
                    valid.toBuilder()
                        .setSource(
                            valid.getSource().toBuilder()
                                .putOptions(
                                    "dsn",
                                    "postgres://app:pw@db/app?sslfactory=org.postgresql.ssl.NonValidatingFactory"))
                        .build()))
        .startsWith("source.options.dsn: the parameter \"sslfactory\" is not allowed");
    assertFailsWith(
            Code.INVALID_ARGUMENT, () -> create(valid.toBuilder().setParallelism(100_000).build()))
        .startsWith("parallelism 100000 is not from 0 to 64");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                create(
                    valid.toBuilder()
                        .setSource(valid.getSource().toBuilder().putOptions("slot", "a\u0000b"))
                        .build()))
        .contains("source.options.slot holds a control character");
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () -> server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId("\u0000").build()))
        .isEqualTo(
            "flow_id is not a flow id: ids are letters, digits, '_' and '-' (at most 64), as"
                + " CreateFlow returns them");
    assertFailsWith(
            Code.INVALID_ARGUMENT, () -> create(valid.toBuilder().setId("x\nINFO forged").build()))
        .startsWith("id may hold only letters, digits");
  }

  @Test
  void aPageTokenListFlowsDidNotMakeIsInvalidArgument() {
    String nul = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {0});

    for (String token : new String[] {nul, "%%%"}) {
      assertFailsWith(
              Code.INVALID_ARGUMENT,
              () ->
                  server
                      .flows()
                      .listFlows(ListFlowsRequest.newBuilder().setPageToken(token).build()))
          .isEqualTo("page_token is not one that ListFlows returned; leave it empty");
    }
  }

  @Test
  void duplicateNameIsAlreadyExists() {
    create(kafkaFlow("twice"));

    assertFailsWith(Code.ALREADY_EXISTS, () -> create(kafkaFlow("twice")))
        .isEqualTo("a flow named \"twice\" already exists; choose another name");
  }

  @Test
  void unknownIdIsNotFoundEverywhere() {
    String id = "no-such-flow";
    assertFailsWith(
            Code.NOT_FOUND,
            () -> server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build()))
        .isEqualTo("flow \"no-such-flow\" not found");
    assertFailsWith(
        Code.NOT_FOUND,
        () -> server.flows().deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(id).build()));
    assertFailsWith(
        Code.NOT_FOUND,
        () ->
            server.flows().getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build()));
    assertFailsWith(
        Code.NOT_FOUND,
        () ->
            server
                .flows()
                .updateFlow(
                    UpdateFlowRequest.newBuilder()
                        .setFlow(kafkaFlow("ghost").toBuilder().setId(id))
                        .build()));
  }

  @Test
  void illegalTransitionsAreFailedPrecondition() {
    String id = create(kafkaFlow("transitions")).getId();

    assertFailsWith(
            Code.FAILED_PRECONDITION,
            () -> server.flows().pauseFlow(PauseFlowRequest.newBuilder().setFlowId(id).build()))
        .isEqualTo(
            "flow \""
                + id
                + "\" is created; PauseFlow needs it to be one of running, stopping, failed,"
                + " awaiting_ddl_approval");
    assertFailsWith(
            Code.FAILED_PRECONDITION,
            () -> server.flows().resumeFlow(ResumeFlowRequest.newBuilder().setFlowId(id).build()))
        .endsWith("use StartFlow");
    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());
    // (the server runs the flow, whose source does not exist here: it may be failed by now, and
    // a failed flow can be started again; a paused one cannot)
    server.flows().pauseFlow(PauseFlowRequest.newBuilder().setFlowId(id).build());
    assertFailsWith(
            Code.FAILED_PRECONDITION,
            () -> server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build()))
        .startsWith(
            "flow \"" + id + "\" is paused; StartFlow needs it to be one of created, failed");
  }

  @Test
  void startedFlowCannotBeRenamed() {
    Flow created = create(kafkaFlow("named"));
    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(created.getId()).build());

    assertFailsWith(
            Code.FAILED_PRECONDITION,
            () ->
                server
                    .flows()
                    .updateFlow(
                        UpdateFlowRequest.newBuilder()
                            .setFlow(created.toBuilder().setName("renamed"))
                            .build()))
        .matches("flow \"" + created.getId() + "\" is (running|failed); its name cannot change.*");
  }

  @Test
  void flowAwaitingDdlApprovalCanBeResumed() throws Exception {
    String id = create(kafkaFlow("gated")).getId();
    store.execute(
        "UPDATE ductstream.flows SET state = 'awaiting_ddl_approval' WHERE id = '" + id + "'");

    assertThat(server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build()).getState())
        .isEqualTo(FlowState.FLOW_STATE_AWAITING_DDL_APPROVAL);
    assertThat(
            server
                .flows()
                .resumeFlow(ResumeFlowRequest.newBuilder().setFlowId(id).build())
                .getState())
        .isEqualTo(FlowState.FLOW_STATE_RUNNING);
  }

  @Test
  void secretsAreStoredButMaskedInResponsesAndKeptWhenSentBackMasked() throws Exception {
    Flow flow =
        kafkaFlow("secrets").toBuilder()
            .addDestinations(
                Endpoint.newBuilder()
                    .setName("lake")
                    .setType(EndpointType.ENDPOINT_TYPE_S3)
                    .putOptions("bucket", "lake")
                    .putOptions("access_key", "AKIA1")
                    .putOptions("secret_key", "very-secret"))
            .build();

    Flow created = create(flow);

    assertThat(created.getSource().getOptionsMap())
        .containsEntry("dsn", "postgres://app:***@db.internal:5432/app");
    assertThat(created.getDestinations(1).getOptionsMap())
        .containsEntry("access_key", "AKIA1")
        .containsEntry("secret_key", "***");
    assertThat(storedOptions(created.getId())).contains("s3cret", "very-secret");

    Flow edited =
        created.toBuilder()
            .setDestinations(1, created.getDestinations(1).toBuilder().putOptions("prefix", "cdc"))
            .build();
    server.flows().updateFlow(UpdateFlowRequest.newBuilder().setFlow(edited).build());

    assertThat(storedOptions(created.getId()))
        .contains("postgres://app:s3cret@db.internal:5432/app", "very-secret", "cdc")
        .doesNotContain("***");
  }

  @Test
  void aMaskedSecretIsNeverSentToAnotherHostOrS3Endpoint() throws Exception {
    Flow flow =
        kafkaFlow("exfiltration").toBuilder()
            .addDestinations(
                Endpoint.newBuilder()
                    .setName("lake")
                    .setType(EndpointType.ENDPOINT_TYPE_S3)
                    .putOptions("bucket", "lake")
                    .putOptions("access_key", "AKIA1")
                    .putOptions("secret_key", "very-secret"))
            .build();
    Flow created = create(flow);

    Flow otherHost =
        created.toBuilder()
            .setSource(
                created.getSource().toBuilder()
                    .putOptions("dsn", "postgres://app:***@attacker.example:5432/app"))
            .build();
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                server
                    .flows()
                    .updateFlow(UpdateFlowRequest.newBuilder().setFlow(otherHost).build()))
        .isEqualTo(
            "source.options.dsn is masked (***) but the host changed; a stored secret is reused"
                + " only for the same server and account, so send the secret itself");

    Flow otherEndpoint =
        created.toBuilder()
            .setDestinations(
                1,
                created.getDestinations(1).toBuilder()
                    .putOptions("endpoint", "https://attacker.example"))
            .build();
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                server
                    .flows()
                    .updateFlow(UpdateFlowRequest.newBuilder().setFlow(otherEndpoint).build()))
        .startsWith("destinations[1].options.secret_key is masked (***) but endpoint changed");

    Flow copiedSecret =
        created.toBuilder()
            .addDestinations(
                created.getDestinations(1).toBuilder()
                    .setName("lake2")
                    .putOptions("endpoint", "https://attacker.example"))
            .build();
    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () ->
                server
                    .flows()
                    .updateFlow(UpdateFlowRequest.newBuilder().setFlow(copiedSecret).build()))
        .contains(
            "destinations[2].options.secret_key holds a masked secret (***), as responses show it;"
                + " send the secret itself");

    assertThat(storedOptions(created.getId()))
        .contains("postgres://app:s3cret@db.internal:5432/app", "very-secret")
        .doesNotContain("attacker");
  }

  @Test
  void listPagesThroughFlowsByName() {
    for (String name : List.of("page-a", "page-b", "page-c")) {
      create(kafkaFlow(name));
    }

    List<String> names = new java.util.ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListFlowsResponse page =
          server
              .flows()
              .listFlows(ListFlowsRequest.newBuilder().setPageSize(1).setPageToken(token).build());
      page.getFlowsList().forEach(f -> names.add(f.getName()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(names).contains("page-a", "page-b", "page-c").isSorted().doesNotHaveDuplicates();
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void statusWithoutConnectReportsSlotLagAndCheckpoint() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("flow_status_source");
    source.execute("SELECT pg_create_logical_replication_slot('status_slot', 'pgoutput')");
    source.execute(
        "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000)");
    Flow flow =
        kafkaFlow("status").toBuilder()
            .setSource(
                Endpoint.newBuilder()
                    .setName("pg")
                    .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                    .putOptions("dsn", source.postgresUrl())
                    .putOptions("slot", "status_slot"))
            .build();
    String id = create(flow).getId();
    try {
      store.execute(
          "INSERT INTO ductstream.checkpoints (flow_id, lsn) VALUES ('" + id + "', '0/16B3748')");

      FlowStatus status =
          server.flows().getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build());

      assertThat(status.getState()).isEqualTo(FlowState.FLOW_STATE_CREATED);
      assertThat(status.getConnectError()).startsWith("DUCTSTREAM_CONNECT_URL is not set");
      assertThat(status.getSlot().getReachable()).as(status.getSlot().getError()).isTrue();
      assertThat(status.getSlot().getExists()).isTrue();
      assertThat(status.getSlot().getActive()).isFalse();
      assertThat(status.getSlot().getRestartLsn()).matches("[0-9A-F]+/[0-9A-F]+");
      assertThat(status.getSlot().getRetainedWalBytes()).isPositive();
      // The slot confirmed nothing yet: everything it retains from its confirmed position on is
      // lag.
      assertThat(status.getSlot().getLagBytes())
          .isNotNegative()
          .isLessThanOrEqualTo(status.getSlot().getRetainedWalBytes());
      assertThat(status.getSlot().getConfirmedFlushLsn()).matches("[0-9A-F]+/[0-9A-F]+");
      assertThat(status.getCheckpointLsn()).isEqualTo("0/16B3748");
    } finally {
      source.execute("SELECT pg_drop_replication_slot('status_slot')");
    }
  }

  @Test
  void unreachableSourceIsReportedInTheStatusNotAsAnError() throws IOException {
    int closed = FreePorts.next();
    Flow flow =
        kafkaFlow("unreachable").toBuilder()
            .setSource(
                Endpoint.newBuilder()
                    .setName("pg")
                    .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                    .putOptions("dsn", "postgres://app:pw@127.0.0.1:" + closed + "/app"))
            .build();
    String id = create(flow).getId();

    FlowStatus status =
        server.flows().getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build());

    assertThat(status.getSlot().getReachable()).isFalse();
    assertThat(status.getSlot().getSlotName()).isEqualTo("ductstream_unreachable");
    assertThat(status.getSlot().getError())
        .startsWith("cannot query the source database at postgres://app:***@127.0.0.1:" + closed)
        .doesNotContain("pw@");
  }

  @Test
  void runFlowOnceOfAnUnknownFlowIsNotFound() {
    assertFailsWith(
            Code.NOT_FOUND,
            () ->
                server
                    .flows()
                    .runFlowOnce(RunFlowOnceRequest.newBuilder().setFlowId("no-such-flow").build()))
        .contains("no-such-flow");
  }

  @Test
  void listFlowRunsOfAnUnknownFlowIsNotFoundAndOfAFlowNeverRunThroughDbosIsEmpty() {
    assertFailsWith(
            Code.NOT_FOUND,
            () ->
                server
                    .flows()
                    .listFlowRuns(
                        ListFlowRunsRequest.newBuilder().setFlowId("no-such-flow").build()))
        .contains("no-such-flow");
    String id =
        server
            .flows()
            .createFlow(CreateFlowRequest.newBuilder().setFlow(kafkaFlow("never_run")).build())
            .getId();

    assertThat(
            server
                .flows()
                .listFlowRuns(ListFlowRunsRequest.newBuilder().setFlowId(id).build())
                .getRunsList())
        .isEmpty();
    assertThat(
            server
                .flows()
                .getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build())
                .hasLastRun())
        .isFalse();
  }

  @Test
  void flowsSurviveAServerRestart() throws IOException {
    TestDatabase own = PostgresServer.shared().createDatabase("flow_restart_it");
    String id;
    try (RunningApiServer first = RunningApiServer.start(own, Map.of())) {
      id =
          first
              .flows()
              .createFlow(CreateFlowRequest.newBuilder().setFlow(kafkaFlow("survivor")).build())
              .getId();
      first.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());
    }

    try (RunningApiServer second = RunningApiServer.start(own, Map.of())) {
      Flow flow = second.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build());

      assertThat(flow.getName()).isEqualTo("survivor");
      // started again by the second server; its source does not exist here, so it may have failed
      assertThat(flow.getState()).isIn(FlowState.FLOW_STATE_RUNNING, FlowState.FLOW_STATE_FAILED);
      assertThat(flow.getSource().getOptionsMap()).containsEntry("slot", "orders_slot");
    }
  }

  private static String storedOptions(String id) throws Exception {
    try (Connection connection = store.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT source::text || destinations::text FROM ductstream.flows WHERE id = '"
                    + id
                    + "'")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
