package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DDLEventResponse;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowCheckpoint;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.ListCheckpointsResponse;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListFlowsResponse;
import io.ductstream.api.v1.RenderConnectorConfigsResponse;
import io.ductstream.api.v1.WireFormat;
import io.ductstream.controlplane.server.RunningApiServer;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs ductstream-admin against the real API server on a real store. */
class AdminCliIT {
  private static final Path EXAMPLES = Path.of("..", "examples", "flows");

  private static TestDatabase store;
  private static RunningApiServer server;
  private static String endpoint;

  @TempDir Path files;

  @BeforeAll
  static void startServer() throws IOException {
    store = PostgresServer.shared().createDatabase("admin_cli_it");
    server = RunningApiServer.start(store, Map.of());
    endpoint = server.endpoint();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String bareFlow(String name) {
    return """
        {"name": "%s", "wire_format": "arrow",
         "source": {"name": "pg-source", "type": "postgres",
                    "options": {"dsn": "postgres://user:pass@localhost:5432/app?sslmode=disable",
                                "slot": "ductstream_slot", "publication": "ductstream_pub",
                                "batch_size": "500", "batch_timeout": "1s", "status_interval": "10s",
                                "create_slot": "true", "format": "arrow"}},
         "destinations": [{"name": "kafka-out", "type": "kafka",
                           "options": {"brokers": "localhost:9092", "topic": "ductstream.cdc",
                                       "format": "arrow", "compression": "lz4", "acks": "all"}}]}
        """
        .formatted(name);
  }

  private String createdId(String name) throws IOException {
    CliRun run =
        admin(
            "flow",
            "create",
            "-f",
            write(name + ".json", bareFlow(name)).toString(),
            "-endpoint",
            endpoint);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return parseFlow(run.out()).getId();
  }

  @Test
  void flowCreateFromBareFlowFileStoresTheFlow() throws Exception {
    Path file = write("pg_to_kafka.json", bareFlow("pg_to_kafka"));

    CliRun run = admin("flow", "create", "-f", file.toString(), "-endpoint", endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    Flow printed = parseFlow(run.out());
    assertThat(printed.getId()).isNotBlank();
    assertThat(printed.getState()).isEqualTo(FlowState.FLOW_STATE_CREATED);
    assertThat(run.out())
        .contains("\"wire_format\": \"WIRE_FORMAT_ARROW\"", "\"type\": \"ENDPOINT_TYPE_POSTGRES\"")
        .contains("postgres://user:***@localhost:5432/app");
    Flow stored =
        server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(printed.getId()).build());
    assertThat(stored.getWireFormat()).isEqualTo(WireFormat.WIRE_FORMAT_ARROW);
    assertThat(stored.getSource().getOptionsMap()).containsEntry("batch_size", "500");
    assertThat(stored.getDestinations(0).getType()).isEqualTo(EndpointType.ENDPOINT_TYPE_KAFKA);
  }

  @Test
  void everyExampleIsAcceptedByFlowCreate() throws IOException {
    try (var examples = Files.list(EXAMPLES)) {
      for (Path example : examples.sorted().toList()) {
        // The examples' names are taken by FlowServiceIT in its own store; here they are new.
        CliRun run = admin("flow", "create", "-f", example.toString(), "-endpoint", endpoint);

        assertThat(run.exitCode()).as(example + ": " + run.err()).isZero();
        assertThat(parseFlow(run.out()).getState()).isEqualTo(FlowState.FLOW_STATE_CREATED);
      }
    }
  }

  @Test
  void flowCreateFromGrpcurlBodyKeepsStartImmediately() throws Exception {
    Path file =
        write(
            "create_flow.json",
            """
            {"flow": {"name": "pg_to_s3", "wire_format": "WIRE_FORMAT_PARQUET",
                      "source": {"name": "pg", "type": "ENDPOINT_TYPE_POSTGRES",
                                 "options": {"dsn": "postgres://u@db/app", "slot": "s3_slot"}},
                      "destinations": [{"name": "lake", "type": "ENDPOINT_TYPE_S3",
                                        "options": {"bucket": "lake", "prefix": "cdc"}}]},
             "start_immediately": true}
            """);

    CliRun run =
        admin("flow", "create", "--f", file.toString(), "--endpoint", endpoint, "--insecure");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Flow printed = parseFlow(run.out());
    assertThat(printed.getState()).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(printed.getDestinations(0).getOptionsMap()).containsEntry("prefix", "cdc");
  }

  @Test
  void flowCreateReadsStandardInputAndStartFlag() throws Exception {
    CliRun run =
        CliRun.of(
            AdminMain.commandLine(
                new ByteArrayInputStream(bareFlow("from_stdin").getBytes(StandardCharsets.UTF_8))),
            "flow",
            "create",
            "-f",
            "-",
            "-start",
            "-endpoint",
            endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    Flow printed = parseFlow(run.out());
    assertThat(printed.getName()).isEqualTo("from_stdin");
    assertThat(printed.getState()).isEqualTo(FlowState.FLOW_STATE_RUNNING);
  }

  @Test
  void flowCreateRefusedByTheServerIsOneLineNamingTheField() throws IOException {
    Path file =
        write(
            "no_bucket.json",
            """
            {"name": "no_bucket", "source": {"type": "postgres", "options": {"dsn": "postgres://db/app"}},
             "destinations": [{"name": "lake", "type": "s3", "options": {"prefix": "cdc"}}]}
            """);

    CliRun run = admin("flow", "create", "-f", file.toString(), "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "ductstream-admin: INVALID_ARGUMENT: destinations[0].options.bucket is required");
  }

  @Test
  void flowListFetchesEveryPage() throws Exception {
    for (int i = 0; i < 101; i++) {
      server
          .flows()
          .createFlow(
              CreateFlowRequest.newBuilder()
                  .setFlow(
                      io.ductstream.controlplane.flowfile.FlowFile.parse(bareFlow("listed-" + i))
                          .getFlow())
                  .build());
    }

    CliRun run = admin("flow", "list", "-json", "-endpoint", endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    ListFlowsResponse.Builder printed = ListFlowsResponse.newBuilder();
    JsonFormat.parser().merge(run.out(), printed);
    assertThat(printed.getFlowsList())
        .extracting(Flow::getName)
        .contains("listed-0", "listed-50", "listed-100")
        .doesNotHaveDuplicates();

    CliRun table = admin("flow", "list", "-endpoint", endpoint);
    assertThat(table.exitCode()).as(table.err()).isZero();
    java.util.List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).matches("ID +NAME +STATE +FORMAT +SOURCE +DESTINATIONS");
    String listed =
        lines.stream().filter(l -> l.contains(" listed-100 ")).findFirst().orElseThrow();
    assertThat(listed)
        .contains(" CREATED ", " arrow ", "pg-source (postgres)", "kafka-out (kafka)");
    // aligned: every row's name starts where the header's NAME does
    assertThat(listed.indexOf("listed-100")).isEqualTo(lines.get(0).indexOf("NAME"));
    assertThat(lines).hasSizeGreaterThan(101);
  }

  @Test
  void flowGetStartPauseResumeStopDeleteDriveTheFlow() throws Exception {
    String id = createdId("driven");

    assertThat(parseFlow(admin("flow", "get", "-id", id, "-endpoint", endpoint).out()).getName())
        .isEqualTo("driven");
    assertThat(stateAfter("start", id)).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(stateAfter("pause", id)).isEqualTo(FlowState.FLOW_STATE_PAUSED);
    assertThat(stateAfter("resume", id)).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(stateAfter("stop", id)).isEqualTo(FlowState.FLOW_STATE_PAUSED);

    CliRun delete = admin("flow", "delete", "--id", id, "-endpoint", endpoint);
    assertThat(delete.out()).contains("\"deleted\": true");
    assertThat(admin("flow", "get", "-id=" + id, "-endpoint", endpoint).errLines())
        .containsExactly("ductstream-admin: NOT_FOUND: flow \"" + id + "\" not found");
  }

  @Test
  void illegalTransitionIsOneLineWithItsCode() throws Exception {
    String id = createdId("not-running");

    CliRun run = admin("flow", "pause", "-id", id, "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-admin: FAILED_PRECONDITION: flow \"" + id + "\" is created;");
  }

  @Test
  void flowRenderPrintsTheConnectorConfigsOfAStoredFlowOrAFile() throws Exception {
    String id = createdId("rendered");

    CliRun stored = admin("flow", "render", "-id", id, "-endpoint", endpoint);
    CliRun fromFile =
        admin(
            "flow",
            "render",
            "-f",
            EXAMPLES.resolve("pg_to_s3_parquet.json").toString(),
            "-endpoint",
            endpoint);

    assertThat(stored.exitCode()).as(stored.err()).isZero();
    RenderConnectorConfigsResponse.Builder printed = RenderConnectorConfigsResponse.newBuilder();
    JsonFormat.parser().merge(stored.out(), printed);
    assertThat(printed.getConnectors(0).getName()).isEqualTo("ductstream-rendered-source");
    assertThat(printed.getConnectors(0).getConfigMap())
        .containsEntry("database.dsn", "postgres://user:***@localhost:5432/app?sslmode=disable")
        .containsEntry("topic.prefix", "ductstream.cdc");
    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.out())
        .contains("ductstream-pg_to_s3_parquet-s3-lake", "\"s3.bucket\": \"analytics-lake\"");
    assertThat(admin("flow", "render", "-endpoint", endpoint).errLines())
        .containsExactly("ductstream-admin: give either -id ID or -f FILE");
  }

  @Test
  void flowStatusPrintsTheStatus() throws Exception {
    String id = createdId("status-cli");

    CliRun run = admin("flow", "status", "-id", id, "-endpoint", endpoint);

    assertThat(run.exitCode()).as(run.err()).isZero();
    FlowStatus.Builder printed = FlowStatus.newBuilder();
    JsonFormat.parser().merge(run.out(), printed);
    assertThat(printed.getFlowId()).isEqualTo(id);
    assertThat(printed.getSlot().getSlotName()).isEqualTo("ductstream_slot");
    assertThat(printed.getSlot().getReachable()).isFalse();
  }

  @Test
  void ddlListApproveApplyAndRejectOnRealEvents() throws Exception {
    String flowId = createdId("ddl-cli");
    long approved = insertDdl(flowId, 2);
    long rejected = insertDdl(flowId, 3);

    CliRun pending =
        admin("ddl", "list", "-status", "pending", "-flow-id", flowId, "-endpoint", endpoint);
    assertThat(pending.exitCode()).as(pending.err()).isZero();
    java.util.List<String> lines = pending.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("ID +FLOW +TABLE +VERSION +STATUS +LSN +CHANGE");
    assertThat(lines.get(1))
        .matches(
            approved
                + " +"
                + flowId
                + " +public\\.orders +2 +pending +0/16B3748 +add column note text \\(\\+1 more\\)");
    assertThat(lines.get(1).indexOf("pending")).isEqualTo(lines.get(0).indexOf("STATUS"));

    CliRun approve = admin("ddl", "approve", "-id", Long.toString(approved), "-endpoint", endpoint);
    DDLEventResponse.Builder printed = DDLEventResponse.newBuilder();
    JsonFormat.parser().merge(approve.out(), printed);
    assertThat(printed.getEvent().getStatus()).isEqualTo("approved");
    assertThat(admin("ddl", "apply", "--id", Long.toString(approved), "-endpoint", endpoint).out())
        .contains("\"status\": \"applied\"");
    CliRun noReason = admin("ddl", "reject", "-id", Long.toString(rejected), "-endpoint", endpoint);
    assertThat(noReason.exitCode()).isEqualTo(2);
    assertThat(noReason.errLines())
        .singleElement()
        .asString()
        .contains("Missing required option")
        .contains("-reason");
    assertThat(
            admin(
                    "ddl",
                    "reject",
                    "-id",
                    Long.toString(rejected),
                    "-reason",
                    "breaks the nightly report",
                    "-endpoint",
                    endpoint)
                .out())
        .contains("\"status\": \"rejected\"", "\"reason\": \"breaks the nightly report\"");
    assertThat(
            admin("ddl", "apply", "-id", Long.toString(rejected), "-endpoint", endpoint).errLines())
        .containsExactly(
            "ductstream-admin: FAILED_PRECONDITION: DDL event "
                + rejected
                + " is rejected; MarkDDLApplied needs it to be approved (approve it first)");

    CliRun all = admin("ddl", "list", "-flow-id", flowId, "-json", "-endpoint", endpoint);
    ListDDLResponse.Builder listed = ListDDLResponse.newBuilder();
    JsonFormat.parser().merge(all.out(), listed);
    assertThat(listed.getEventsList())
        .extracting(e -> e.getId() + ":" + e.getStatus())
        .containsExactly(approved + ":applied", rejected + ":rejected");

    CliRun show = admin("ddl", "show", "-id", Long.toString(rejected), "-endpoint", endpoint);
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out().lines())
        .contains(
            "event        " + rejected,
            "flow         " + flowId,
            "table        public.orders",
            "version      3",
            "status       rejected",
            "lsn          0/16B3748",
            "detected by  relation",
            "reason       breaks the nightly report",
            "applied      -",
            "diff:",
            "  add column note text",
            "  set not null on id",
            "ddl:",
            "  ALTER TABLE public.orders",
            "    ADD COLUMN note text",
            "new shape:");
    assertThat(show.out()).containsPattern("rejected     \\S+Z by api 127\\.0\\.0\\.1:\\d+");
    CliRun showJson =
        admin("ddl", "show", "-id", Long.toString(approved), "-json", "-endpoint", endpoint);
    DDLEventResponse.Builder shown = DDLEventResponse.newBuilder();
    JsonFormat.parser().merge(showJson.out(), shown);
    assertThat(shown.getEvent().getAppliedBy()).startsWith("api 127.0.0.1:");
  }

  @Test
  void ddlInstallCaptureOnAFlowWithoutAReachableSourceIsOneLine() throws IOException {
    String flowId = createdId("ddl-capture-cli");

    CliRun run = admin("ddl", "install-capture", "-flow-id", flowId, "-endpoint", endpoint);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "ductstream-admin: FAILED_PRECONDITION: cannot install the DDL capture trigger on")
        .contains("postgres://user:***@localhost:5432/app")
        .doesNotContain(":pass@");
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
  void unknownFlowIsOneLineWithItsCode() {
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
    assertThat(run.errLines())
        .containsExactly(
            "ductstream-admin: Missing required option: '--id=ID'; see 'ductstream-admin flow get"
                + " --help'");
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
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-admin: Missing required subcommand")
        .endsWith("; see 'ductstream-admin --help'");
  }

  @Test
  void helpListsTheSubcommands() {
    CliRun top = admin("--help");
    CliRun flowHelp = admin("flow", "--help");
    CliRun ddlHelp = admin("ddl", "list", "-h");

    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("flow", "ddl");
    assertThat(flowHelp.out())
        .contains(
            "create", "list", "get", "start", "pause", "resume", "delete", "render", "status");
    assertThat(ddlHelp.exitCode()).isZero();
    assertThat(ddlHelp.out()).contains("-status", "-json", "-endpoint", "-insecure");
  }

  @Test
  void checkpointPutGetListAndResetPrintTheirAnswers() throws IOException {
    String id = createdId("checkpoint-cli");

    CliRun put =
        admin("checkpoint", "put", "-flow-id", id, "-lsn", "0/16B3748", "-endpoint", endpoint);
    assertThat(put.exitCode()).as(put.err()).isZero();
    FlowCheckpoint moved = parseCheckpoint(put.out());
    assertThat(moved.getFlowId()).isEqualTo(id);
    assertThat(moved.getCheckpoint().getLsn()).isEqualTo("0/16B3748");
    assertThat(moved.getCheckpoint().getMetadataMap())
        .as("without Connect only the row moves; no Connect offset beside it")
        .doesNotContainKey("offset");

    CliRun get = admin("checkpoint", "get", "--flow-id", id, "-endpoint", endpoint);
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(parseCheckpoint(get.out()).getCheckpoint().getLsn()).isEqualTo("0/16B3748");

    CliRun table = admin("checkpoint", "list", "-endpoint", endpoint);
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out().lines().findFirst())
        .hasValueSatisfying(h -> assertThat(h).startsWith("FLOW"));
    assertThat(table.out()).containsPattern(java.util.regex.Pattern.quote(id) + "\\s+0/16B3748\\s");
    CliRun json = admin("checkpoint", "list", "-json", "-endpoint", endpoint);
    ListCheckpointsResponse.Builder listed = ListCheckpointsResponse.newBuilder();
    JsonFormat.parser().merge(json.out(), listed);
    assertThat(listed.getCheckpointsList())
        .anySatisfy(c -> assertThat(c.getFlowId()).isEqualTo(id));

    CliRun reset = admin("checkpoint", "reset", "-flow-id", id, "-endpoint", endpoint);
    assertThat(reset.exitCode()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("\"reset\": true");
    CliRun gone = admin("checkpoint", "get", "-flow-id", id, "-endpoint", endpoint);
    assertThat(gone.exitCode()).isEqualTo(2);
    assertThat(gone.errLines())
        .containsExactly(
            "ductstream-admin: NOT_FOUND: flow \""
                + id
                + "\" has no checkpoint yet; it gets one once it runs");
  }

  @Test
  void checkpointBadLsnUnknownFlowAndMissingOptionsAreOneLineErrors() throws IOException {
    String id = createdId("checkpoint-bad");

    CliRun badLsn =
        admin("checkpoint", "put", "-flow-id", id, "-lsn", "16B3748", "-endpoint", endpoint);
    assertThat(badLsn.exitCode()).isEqualTo(2);
    assertThat(badLsn.out()).isEmpty();
    assertThat(badLsn.errLines())
        .containsExactly(
            "ductstream-admin: INVALID_ARGUMENT: checkpoint.lsn \"16B3748\" is not an LSN as"
                + " Postgres prints it, such as 0/16B3748");

    for (String[] command :
        new String[][] {
          {"checkpoint", "get", "-flow-id", "missing"},
          {"checkpoint", "put", "-flow-id", "missing", "-lsn", "0/1"},
          {"checkpoint", "reset", "-flow-id", "missing"}
        }) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 2);
      args[command.length] = "-endpoint";
      args[command.length + 1] = endpoint;
      CliRun unknown = admin(args);
      assertThat(unknown.exitCode()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(unknown.errLines())
          .containsExactly("ductstream-admin: NOT_FOUND: flow \"missing\" not found");
    }

    CliRun noLsn = admin("checkpoint", "put", "-flow-id", id, "-endpoint", endpoint);
    assertThat(noLsn.exitCode()).isEqualTo(2);
    assertThat(noLsn.err()).contains("Missing required option: '--lsn=X/XXXXXXXX'");
    CliRun noFlow = admin("checkpoint", "get", "-endpoint", endpoint);
    assertThat(noFlow.exitCode()).isEqualTo(2);
    assertThat(noFlow.err()).contains("Missing required option: '--flow-id=ID'");
    assertThat(admin("--help").out()).contains("checkpoint");
  }

  @Test
  void checkpointPutBeforeTheSlotIsRefusedNamingTheSlotsPositionAndHowToReSnapshot()
      throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("admin_cli_slot");
    source.execute("SELECT pg_create_logical_replication_slot('admin_cli_slot', 'pgoutput')");
    try {
      String confirmed = confirmedFlushLsn(source, "admin_cli_slot");
      String flowFile =
          bareFlow("checkpoint-slot")
              .replace(
                  "postgres://user:pass@localhost:5432/app?sslmode=disable", source.postgresUrl())
              .replace("\"ductstream_slot\"", "\"admin_cli_slot\"");
      CliRun create =
          admin(
              "flow",
              "create",
              "-f",
              write("checkpoint-slot.json", flowFile).toString(),
              "-endpoint",
              endpoint);
      assertThat(create.exitCode()).as(create.err()).isZero();
      String id = parseFlow(create.out()).getId();

      CliRun early =
          admin("checkpoint", "put", "-flow-id", id, "-lsn", "0/1", "-endpoint", endpoint);

      assertThat(early.exitCode()).isEqualTo(2);
      assertThat(early.errLines())
          .singleElement()
          .asString()
          .startsWith(
              "ductstream-admin: FAILED_PRECONDITION: checkpoint.lsn 0/1 is before the"
                  + " confirmed_flush_lsn "
                  + confirmed
                  + " of replication slot \"admin_cli_slot\": Postgres no longer keeps the changes"
                  + " before it and cannot replay them. Put an LSN at or after "
                  + confirmed)
          .contains("reset the checkpoint", "pg_drop_replication_slot('admin_cli_slot')");
      assertThat(admin("checkpoint", "get", "-flow-id", id, "-endpoint", endpoint).exitCode())
          .as("nothing stored")
          .isEqualTo(2);

      CliRun atTheSlot =
          admin("checkpoint", "put", "-flow-id", id, "-lsn", confirmed, "-endpoint", endpoint);
      assertThat(atTheSlot.exitCode()).as(atTheSlot.err()).isZero();
      assertThat(parseCheckpoint(atTheSlot.out()).getCheckpoint().getLsn()).isEqualTo(confirmed);
    } finally {
      source.execute("SELECT pg_drop_replication_slot('admin_cli_slot')");
    }
  }

  private static String confirmedFlushLsn(TestDatabase database, String slot) throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
      select.setString(1, slot);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  private static FlowCheckpoint parseCheckpoint(String json) throws IOException {
    FlowCheckpoint.Builder checkpoint = FlowCheckpoint.newBuilder();
    JsonFormat.parser().merge(json, checkpoint);
    return checkpoint.build();
  }

  private FlowState stateAfter(String command, String id) throws IOException {
    CliRun run = admin("flow", command, "-id", id, "-endpoint", endpoint);
    assertThat(run.exitCode()).as(command + ": " + run.err()).isZero();
    return parseFlow(run.out()).getState();
  }

  private static long insertDdl(String flowId, int version) throws Exception {
    try (Connection connection = store.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO ductstream.ddl_events (flow_id, namespace, name, table_version,"
                    + " ddl, diff, new_shape, lsn)"
                    + " VALUES (?, 'public', 'orders', ?,"
                    + " 'ALTER TABLE public.orders\n  ADD COLUMN note text',"
                    + " 'add column note text\nset not null on id',"
                    + " '{\"columns\": []}', '0/16B3748') RETURNING id")) {
      insert.setString(1, flowId);
      insert.setInt(2, version);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
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
}
