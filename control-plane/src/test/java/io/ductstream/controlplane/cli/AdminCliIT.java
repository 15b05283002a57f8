package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DDLEvent;
import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.DDLEventResponse;
import io.ductstream.api.v1.DDLServiceGrpc;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.DeleteFlowResponse;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.ListDDLRequest;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.api.v1.ListFlowsResponse;
import io.ductstream.api.v1.ListPendingDDLRequest;
import io.ductstream.api.v1.ResumeFlowRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.StopFlowRequest;
import io.ductstream.api.v1.WireFormat;
import io.ductstream.testkit.FreePorts;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ductstream-admin against a real gRPC server whose FlowService and DDLService record what
 * they got.
 */
class AdminCliIT {
  private static final RecordingFlowService flows = new RecordingFlowService();
  private static final RecordingDdlService ddl = new RecordingDdlService();
  private static Server server;
  private static String endpoint;

  @TempDir Path files;

  @BeforeAll
  static void startServer() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(flows)
            .addService(ddl)
            .build()
            .start();
    endpoint = "127.0.0.1:" + server.getPort();
  }

  @AfterAll
  static void stopServer() {
    server.shutdownNow();
  }

  @BeforeEach
  void forgetRequests() {
    flows.requests.clear();
    ddl.requests.clear();
    ddl.methods.clear();
  }

  @Test
  void flowCreateFromBareFlowFileSendsFullEnumValues() throws Exception {
    Path file =
        write(
            "pg_to_kafka.json",
            """
            {"name": "pg_to_kafka", "wire_format": "arrow",
             "source": {"name": "pg-source", "type": "postgres",
                        "options": {"dsn": "postgres://user:pass@localhost:5432/app?sslmode=disable",
                                    "slot": "ductstream_slot", "publication": "ductstream_pub",
                                    "batch_size": "500", "batch_timeout": "1s", "status_interval": "10s",
                                    "create_slot": "true", "format": "arrow"}},
             "destinations": [{"name": "kafka-out", "type": "kafka",
                               "options": {"brokers": "localhost:9092", "topic": "ductstream.cdc",
                                           "format": "arrow", "compression": "lz4", "acks": "all"}}]}
            """);

    CliRun run = admin("flow", "create", "-f", file.toString(), "-endpoint", endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    CreateFlowRequest received = (CreateFlowRequest) flows.single();
    assertThat(received.getStartImmediately()).isFalse();
    assertThat(received.getFlow().getName()).isEqualTo("pg_to_kafka");
    assertThat(received.getFlow().getWireFormat()).isEqualTo(WireFormat.WIRE_FORMAT_ARROW);
    assertThat(received.getFlow().getSource().getType())
        .isEqualTo(EndpointType.ENDPOINT_TYPE_POSTGRES);
    assertThat(received.getFlow().getSource().getOptionsMap()).containsEntry("batch_size", "500");
    assertThat(received.getFlow().getDestinations(0).getType())
        .isEqualTo(EndpointType.ENDPOINT_TYPE_KAFKA);

    Flow printed = parseFlow(run.out());
    assertThat(printed.getId()).isEqualTo("flow-1");
    assertThat(printed.getState()).isEqualTo(FlowState.FLOW_STATE_CREATED);
    assertThat(run.out())
        .contains("\"wire_format\": \"WIRE_FORMAT_ARROW\"", "\"type\": \"ENDPOINT_TYPE_POSTGRES\"");
  }

  @Test
  void flowCreateFromGrpcurlBodyKeepsStartImmediately() throws Exception {
    Path file =
        write(
            "create_flow.json",
            """
            {"flow": {"name": "pg_to_s3", "wire_format": "WIRE_FORMAT_PARQUET",
                      "source": {"name": "pg", "type": "ENDPOINT_TYPE_POSTGRES", "options": {"slot": "s3_slot"}},
                      "destinations": [{"name": "lake", "type": "ENDPOINT_TYPE_S3",
                                        "options": {"bucket": "lake", "prefix": "cdc"}}]},
             "start_immediately": true}
            """);

    CliRun run =
        admin("flow", "create", "--f", file.toString(), "--endpoint", endpoint, "--insecure");

    assertThat(run.exitCode()).as(run.err()).isZero();
    CreateFlowRequest received = (CreateFlowRequest) flows.single();
    assertThat(received.getStartImmediately()).isTrue();
    assertThat(received.getFlow().getWireFormat()).isEqualTo(WireFormat.WIRE_FORMAT_PARQUET);
    assertThat(received.getFlow().getDestinations(0).getOptionsMap())
        .containsEntry("prefix", "cdc");
    assertThat(parseFlow(run.out()).getState()).isEqualTo(FlowState.FLOW_STATE_RUNNING);
  }

  @Test
  void flowCreateReadsStandardInputAndStartFlag() {
    String json = "{\"name\": \"from_stdin\", \"source\": {\"type\": \"postgres\"}}";
    CliRun run =
        CliRun.of(
            AdminMain.commandLine(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))),
            "flow",
            "create",
            "-f",
            "-",
            "-start",
            "-endpoint",
            endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    CreateFlowRequest received = (CreateFlowRequest) flows.single();
    assertThat(received.getFlow().getName()).isEqualTo("from_stdin");
    assertThat(received.getStartImmediately()).isTrue();
  }

  @Test
  void flowListFetchesEveryPage() throws Exception {
    CliRun run = admin("flow", "list", "-endpoint", endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(flows.requests)
        .extracting(r -> ((ListFlowsRequest) r).getPageToken())
        .containsExactly("", "page-2");
    ListFlowsResponse.Builder printed = ListFlowsResponse.newBuilder();
    JsonFormat.parser().merge(run.out(), printed);
    assertThat(printed.getFlowsList()).extracting(Flow::getId).containsExactly("a", "b");
  }

  @Test
  void flowGetSendsTheIdAndPrintsTheFlow() throws Exception {
    CliRun run = admin("flow", "get", "-id", "orders", "-endpoint", endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(((GetFlowRequest) flows.single()).getFlowId()).isEqualTo("orders");
    assertThat(parseFlow(run.out()).getName()).isEqualTo("orders");
  }

  @Test
  void flowStartStopResumeDeleteSendTheId() {
    assertThat(admin("flow", "start", "-id", "f1", "-endpoint", endpoint).exitCode()).isZero();
    assertThat(admin("flow", "stop", "--id", "f2", "-endpoint", endpoint).exitCode()).isZero();
    assertThat(admin("flow", "resume", "-id=f3", "-endpoint", endpoint).exitCode()).isZero();
    CliRun delete = admin("flow", "delete", "-id", "f4", "-endpoint", endpoint);

    assertThat(flows.requests)
        .containsExactly(
            StartFlowRequest.newBuilder().setFlowId("f1").build(),
            StopFlowRequest.newBuilder().setFlowId("f2").build(),
            ResumeFlowRequest.newBuilder().setFlowId("f3").build(),
            DeleteFlowRequest.newBuilder().setFlowId("f4").build());
    assertThat(delete.out()).contains("\"deleted\": true");
  }

  @Test
  void ddlListPendingUsesListPendingDdlAndPrintsATable() {
    CliRun run = admin("ddl", "list", "-status", "pending", "-endpoint", endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(ddl.single()).isEqualTo(ListPendingDDLRequest.getDefaultInstance());
    assertThat(run.out().lines()).hasSize(2).first().asString().startsWith("ID     STATUS    LSN");
    assertThat(run.out())
        .contains(
            "7",
            "pending",
            "0/16B3748",
            "2026-11-25T10:00:00Z",
            "ALTER TABLE public.orders ADD COLUMN note text");
  }

  @Test
  void ddlListWithStatusAndJsonUsesListDdl() throws Exception {
    CliRun run =
        admin(
            "ddl",
            "list",
            "--status",
            "approved",
            "-flow-id",
            "orders",
            "-json",
            "-endpoint",
            endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(ddl.single())
        .isEqualTo(ListDDLRequest.newBuilder().setStatus("approved").setFlowId("orders").build());
    ListDDLResponse.Builder printed = ListDDLResponse.newBuilder();
    JsonFormat.parser().merge(run.out(), printed);
    assertThat(printed.getEvents(0).getId()).isEqualTo(7);
  }

  @Test
  void ddlListDefaultsToAllStatuses() {
    admin("ddl", "list", "-endpoint", endpoint);

    assertThat(ddl.single()).isEqualTo(ListDDLRequest.newBuilder().setStatus("").build());
  }

  @Test
  void ddlApproveRejectApplySendTheId() throws Exception {
    CliRun approve = admin("ddl", "approve", "-id", "7", "-endpoint", endpoint);
    admin("ddl", "reject", "-id", "8", "-endpoint", endpoint);
    admin("ddl", "apply", "--id", "9", "-endpoint", endpoint);

    assertThat(ddl.requests)
        .containsExactly(
            DDLEventRequest.newBuilder().setId(7).build(),
            DDLEventRequest.newBuilder().setId(8).build(),
            DDLEventRequest.newBuilder().setId(9).build());
    assertThat(ddl.methods).containsExactly("ApproveDDL", "RejectDDL", "MarkDDLApplied");
    DDLEventResponse.Builder printed = DDLEventResponse.newBuilder();
    JsonFormat.parser().merge(approve.out(), printed);
    assertThat(printed.getEvent().getStatus()).isEqualTo("approved");
  }

  @Test
  void unreachableEndpointIsOneLineSayingHowToStartTheServer() throws IOException {
    String closed = "127.0.0.1:" + FreePorts.next();

    CliRun run = admin("flow", "list", "-endpoint", closed);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "ductstream-admin: UNAVAILABLE: cannot reach the API server at "
                + closed
                + "; start it with bin/ductstream");
  }

  @Test
  void serverErrorIsOneLineWithItsCode() {
    CliRun run = admin("flow", "get", "-id", "missing", "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly("ductstream-admin: NOT_FOUND: flow \"missing\" not found");
  }

  @Test
  void missingIdIsAUsageError() {
    CliRun run = admin("flow", "get", "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Missing required option: '--id=ID'", "Usage: ductstream-admin flow get");
    assertThat(flows.requests).isEmpty();
  }

  @Test
  void nonNumericDdlIdIsAUsageError() {
    CliRun run = admin("ddl", "approve", "-id", "seven", "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid value for option '--id': 'seven' is not a long");
  }

  @Test
  void invalidFlowFileIsOneLineNamingTheFileAndTheField() throws IOException {
    Path file = write("bad.json", "{\"name\": \"f\", \"source\": {\"type\": \"mysql\"}}");

    CliRun run = admin("flow", "create", "-f", file.toString(), "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "ductstream-admin: flow file "
                + file
                + ": \"type\": \"mysql\" is not a ductstream.v1.EndpointType; use one of postgres, snowflake,"
                + " s3, kafka, http, grpc");
    assertThat(flows.requests).isEmpty();
  }

  @Test
  void missingFlowFileIsOneLine() {
    CliRun run =
        admin("flow", "create", "-f", files.resolve("nope.json").toString(), "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-admin: cannot read flow file ");
  }

  @Test
  void noSubcommandIsAUsageError() {
    CliRun run = admin();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: ductstream-admin");
  }

  @Test
  void helpListsTheSubcommands() {
    CliRun top = admin("--help");
    CliRun ddlHelp = admin("ddl", "list", "-h");

    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("flow", "ddl");
    assertThat(ddlHelp.exitCode()).isZero();
    assertThat(ddlHelp.out()).contains("-status", "-json", "-endpoint", "-insecure");
  }

  private static CliRun admin(String... args) {
    return CliRun.of(AdminMain.commandLine(new ByteArrayInputStream(new byte[0])), args);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(files.resolve(name), content);
  }

  private static Flow parseFlow(String json) throws IOException {
    Flow.Builder flow = Flow.newBuilder();
    JsonFormat.parser().merge(json, flow);
    return flow.build();
  }

  private static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }

  /** FlowService that records each request and answers with canned flows. */
  static final class RecordingFlowService extends FlowServiceGrpc.FlowServiceImplBase {
    final List<Message> requests = new CopyOnWriteArrayList<>();

    Message single() {
      assertThat(requests).hasSize(1);
      return requests.get(0);
    }

    @Override
    public void createFlow(CreateFlowRequest request, StreamObserver<Flow> observer) {
      requests.add(request);
      FlowState state =
          request.getStartImmediately()
              ? FlowState.FLOW_STATE_RUNNING
              : FlowState.FLOW_STATE_CREATED;
      reply(observer, request.getFlow().toBuilder().setId("flow-1").setState(state).build());
    }

    @Override
    public void listFlows(ListFlowsRequest request, StreamObserver<ListFlowsResponse> observer) {
      requests.add(request);
      reply(
          observer,
          request.getPageToken().isEmpty()
              ? ListFlowsResponse.newBuilder()
                  .addFlows(flow("a"))
                  .setNextPageToken("page-2")
                  .build()
              : ListFlowsResponse.newBuilder().addFlows(flow("b")).build());
    }

    @Override
    public void getFlow(GetFlowRequest request, StreamObserver<Flow> observer) {
      requests.add(request);
      if (request.getFlowId().equals("missing")) {
        observer.onError(
            Status.NOT_FOUND.withDescription("flow \"missing\" not found").asRuntimeException());
        return;
      }
      reply(observer, flow(request.getFlowId()));
    }

    @Override
    public void startFlow(StartFlowRequest request, StreamObserver<Flow> observer) {
      requests.add(request);
      reply(observer, flow(request.getFlowId()));
    }

    @Override
    public void stopFlow(StopFlowRequest request, StreamObserver<Flow> observer) {
      requests.add(request);
      reply(observer, flow(request.getFlowId()));
    }

    @Override
    public void resumeFlow(ResumeFlowRequest request, StreamObserver<Flow> observer) {
      requests.add(request);
      reply(observer, flow(request.getFlowId()));
    }

    @Override
    public void deleteFlow(DeleteFlowRequest request, StreamObserver<DeleteFlowResponse> observer) {
      requests.add(request);
      reply(observer, DeleteFlowResponse.newBuilder().setDeleted(true).build());
    }

    private static Flow flow(String id) {
      return Flow.newBuilder().setId(id).setName(id).setState(FlowState.FLOW_STATE_CREATED).build();
    }
  }

  /** DDLService that records each request and the method it came through. */
  static final class RecordingDdlService extends DDLServiceGrpc.DDLServiceImplBase {
    final List<Message> requests = new CopyOnWriteArrayList<>();
    final List<String> methods = new CopyOnWriteArrayList<>();

    Message single() {
      assertThat(requests).hasSize(1);
      return requests.get(0);
    }

    @Override
    public void listPendingDDL(
        ListPendingDDLRequest request, StreamObserver<ListDDLResponse> observer) {
      record("ListPendingDDL", request);
      reply(observer, ListDDLResponse.newBuilder().addEvents(event(7, "pending")).build());
    }

    @Override
    public void listDDL(ListDDLRequest request, StreamObserver<ListDDLResponse> observer) {
      record("ListDDL", request);
      reply(
          observer, ListDDLResponse.newBuilder().addEvents(event(7, request.getStatus())).build());
    }

    @Override
    public void approveDDL(DDLEventRequest request, StreamObserver<DDLEventResponse> observer) {
      record("ApproveDDL", request);
      reply(
          observer,
          DDLEventResponse.newBuilder().setEvent(event(request.getId(), "approved")).build());
    }

    @Override
    public void rejectDDL(DDLEventRequest request, StreamObserver<DDLEventResponse> observer) {
      record("RejectDDL", request);
      reply(
          observer,
          DDLEventResponse.newBuilder().setEvent(event(request.getId(), "rejected")).build());
    }

    @Override
    public void markDDLApplied(DDLEventRequest request, StreamObserver<DDLEventResponse> observer) {
      record("MarkDDLApplied", request);
      reply(
          observer,
          DDLEventResponse.newBuilder().setEvent(event(request.getId(), "applied")).build());
    }

    private void record(String method, Message request) {
      methods.add(method);
      requests.add(request);
    }

    private static DDLEvent event(long id, String status) {
      return DDLEvent.newBuilder()
          .setId(id)
          .setStatus(status)
          .setLsn("0/16B3748")
          .setFlowId("orders")
          .setDdl("ALTER TABLE public.orders\n  ADD COLUMN note text")
          .setCreatedAt(Timestamp.newBuilder().setSeconds(1795600800L))
          .build();
    }
  }
}
