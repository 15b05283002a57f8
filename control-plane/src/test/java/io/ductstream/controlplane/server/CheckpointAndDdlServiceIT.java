package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.Checkpoint;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DDLEvent;
import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.FlowCheckpoint;
import io.ductstream.api.v1.GetCheckpointRequest;
import io.ductstream.api.v1.ListCheckpointsRequest;
import io.ductstream.api.v1.ListCheckpointsResponse;
import io.ductstream.api.v1.ListDDLRequest;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListPendingDDLRequest;
import io.ductstream.api.v1.PutCheckpointRequest;
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
            "checkpoint.lsn \"16B3748\" is not an LSN; write it as Postgres prints it, e.g. 0/16B3748");
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

    assertThat(server.ddl().approveDDL(event(id)).getEvent().getStatus()).isEqualTo("approved");
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().rejectDDL(event(id)))
        .isEqualTo("DDL event " + id + " is approved; RejectDDL needs it to be pending");
    assertThat(server.ddl().markDDLApplied(event(id)).getEvent().getStatus()).isEqualTo("applied");

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
  void rejectedDdlEventCannotBeApplied() throws Exception {
    long id = insertDdl(createFlow("ddl-rejected"), "pending");

    assertThat(server.ddl().rejectDDL(event(id)).getEvent().getStatus()).isEqualTo("rejected");
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().markDDLApplied(event(id)))
        .isEqualTo(
            "DDL event "
                + id
                + " is rejected; MarkDDLApplied needs it to be approved (approve it first)");
    assertFailsWith(Code.FAILED_PRECONDITION, () -> server.ddl().approveDDL(event(id)));
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
