package io.ductstream.controlplane.cli.admin;

import com.google.protobuf.Message;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowServiceGrpc.FlowServiceBlockingStub;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.ListFlowRunsRequest;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.api.v1.ListFlowsResponse;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.RenderConnectorConfigsRequest;
import io.ductstream.api.v1.ResumeFlowRequest;
import io.ductstream.api.v1.RunFlowOnceRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.StopFlowRequest;
import io.ductstream.controlplane.cli.CommandFailure;
import io.ductstream.controlplane.flowfile.FlowFile;
import io.ductstream.controlplane.flowfile.FlowFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ductstream-admin flow ...}: each subcommand is one FlowService RPC, its response printed
 * as JSON ({@code list} as a table unless -json; {@code status --watch} as a live view).
 */
@Command(
    name = "flow",
    mixinStandardHelpOptions = true,
    description =
        "Create, list, start, pause, resume, delete and render flows (ductstream.v1.FlowService).")
public final class FlowCommand {
  private static final int PAGE_SIZE = 100;

  private final InputStream stdin;

  @Spec private CommandSpec spec;

  public FlowCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a flow from a flow file: a Flow with short enum values (\"type\": \"postgres\") as in",
        "examples/flows/*.json, or a grpcurl body {\"flow\": {...}, \"start_immediately\": true}."
      })
  int create(
      @Mixin EndpointOptions endpoint,
      @Option(
              names = {"-f", "--f", "-file", "--file"},
              required = true,
              paramLabel = "FILE",
              description = "The flow file; - reads standard input.")
          String file,
      @Option(
              names = {"-start", "--start"},
              description = "Start the flow right away (as start_immediately).")
          boolean start) {
    CreateFlowRequest request = readFlowFile(file);
    if (start) {
      request = request.toBuilder().setStartImmediately(true).build();
    }
    CreateFlowRequest finalRequest = request;
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      JsonOutput.print(
          spec.commandLine().getOut(), api.flows(flows -> flows.createFlow(finalRequest)));
    }
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists every flow, as a table or (-json) as the ListFlowsResponse.")
  int list(@Mixin EndpointOptions endpoint, @Mixin JsonFlag json) {
    ListFlowsResponse.Builder all = ListFlowsResponse.newBuilder();
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      String pageToken = "";
      do {
        ListFlowsRequest request =
            ListFlowsRequest.newBuilder().setPageSize(PAGE_SIZE).setPageToken(pageToken).build();
        ListFlowsResponse page = api.flows(flows -> flows.listFlows(request));
        all.addAllFlows(page.getFlowsList());
        pageToken = page.getNextPageToken();
      } while (!pageToken.isEmpty());
    }
    if (json.json) {
      JsonOutput.print(spec.commandLine().getOut(), all);
    } else {
      printTable(spec.commandLine().getOut(), all.getFlowsList());
    }
    return 0;
  }

  private static void printTable(PrintWriter out, List<Flow> flows) {
    TextTable table = new TextTable("ID", "NAME", "STATE", "FORMAT", "SOURCE", "DESTINATIONS");
    for (Flow flow : flows) {
      table.row(
          flow.getId(),
          flow.getName(),
          flow.getState().name().replace("FLOW_STATE_", ""),
          flow.getWireFormat().name().replace("WIRE_FORMAT_", "").toLowerCase(Locale.ROOT),
          endpoint(flow.getSource()),
          flow.getDestinationsList().stream()
              .map(FlowCommand::endpoint)
              .collect(Collectors.joining(", ")));
    }
    table.print(out);
  }

  private static String endpoint(Endpoint endpoint) {
    return endpoint.getName()
        + " ("
        + endpoint.getType().name().replace("ENDPOINT_TYPE_", "").toLowerCase(Locale.ROOT)
        + ")";
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one flow.")
  int get(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    GetFlowRequest request = GetFlowRequest.newBuilder().setFlowId(flow.id).build();
    return printFlowCall(endpoint, flows -> flows.getFlow(request));
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts a flow.")
  int start(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    StartFlowRequest request = StartFlowRequest.newBuilder().setFlowId(flow.id).build();
    return printFlowCall(endpoint, flows -> flows.startFlow(request));
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pauses a running flow's connectors; resume continues where they stopped.")
  int pause(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    PauseFlowRequest request = PauseFlowRequest.newBuilder().setFlowId(flow.id).build();
    return printFlowCall(endpoint, flows -> flows.pauseFlow(request));
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Shows a flow's state, its Kafka Connect connectors, slot lag and checkpoint (JSON). With",
        "--watch: state, rows/s, lag, a snapshot progress bar and the last error, redrawn every",
        "second on a terminal, one line per update otherwise; Ctrl-C ends it."
      })
  int status(
      @Mixin EndpointOptions endpoint,
      @Mixin FlowIdOption flow,
      @Option(
              names = {"-watch", "--watch"},
              description = "Show the status again every second, until Ctrl-C.")
          boolean watch,
      @Option(
              names = {"-count", "--count"},
              paramLabel = "N",
              defaultValue = "0",
              description = "With --watch: stop after N updates (default: 0, until Ctrl-C).")
          int count)
      throws InterruptedException {
    GetFlowStatusRequest request = GetFlowStatusRequest.newBuilder().setFlowId(flow.id).build();
    if (!watch) {
      return printFlowCall(endpoint, flows -> flows.getFlowStatus(request));
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean terminal = System.console() != null;
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      String name =
          api.flows(flows -> flows.getFlow(GetFlowRequest.newBuilder().setFlowId(flow.id).build()))
              .getName();
      int shown = 0;
      for (int update = 1; count <= 0 || update <= count; update++) {
        FlowStatus status = api.flows(flows -> flows.getFlowStatus(request));
        Instant now = Instant.now();
        if (terminal) {
          // back to the top of what was drawn, then each line drawn over
          if (shown > 0) {
            out.print("\033[" + shown + "F");
          }
          List<String> lines = FlowStatusView.lines(name, status, now);
          for (String line : lines) {
            out.print(line + "\033[K\n");
          }
          shown = lines.size();
        } else {
          out.println(FlowStatusView.line(name, status, now));
        }
        out.flush();
        if (count <= 0 || update < count) {
          TimeUnit.SECONDS.sleep(1);
        }
      }
    }
    return 0;
  }

  @Command(
      name = "run-once",
      mixinStandardHelpOptions = true,
      description = {
        "Runs a flow once, until caught up (RunFlowOnce): in the API server, or as a durable run on",
        "the DBOS queue when DUCTSTREAM_DBOS_ENABLED; dispatched is false while a run of it goes on."
      })
  int runOnce(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    RunFlowOnceRequest request = RunFlowOnceRequest.newBuilder().setFlowId(flow.id).build();
    return printFlowCall(endpoint, flows -> flows.runFlowOnce(request));
  }

  @Command(
      name = "runs",
      mixinStandardHelpOptions = true,
      description = {
        "Lists a flow's recent runs through DBOS (DUCTSTREAM_DBOS_ENABLED), newest first: status,",
        "rows, duration and error of each."
      })
  int runs(
      @Mixin EndpointOptions endpoint,
      @Option(
              names = {"-flow-id", "--flow-id", "-id", "--id"},
              required = true,
              paramLabel = "ID",
              description = "The flow's id.")
          String flowId,
      @Option(
              names = {"-limit", "--limit"},
              paramLabel = "N",
              defaultValue = "20",
              description = "How many runs at most (default: ${DEFAULT-VALUE}).")
          int limit) {
    if (limit < 1) {
      throw new CommandFailure("-limit must be 1 or more, e.g. -limit 20");
    }
    ListFlowRunsRequest request =
        ListFlowRunsRequest.newBuilder().setFlowId(flowId).setLimit(limit).build();
    return printFlowCall(endpoint, flows -> flows.listFlowRuns(request));
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the Kafka Connect connector configs a flow becomes (secrets masked): of a stored",
        "flow with -id, or of a flow file with -f."
      })
  int render(
      @Mixin EndpointOptions endpoint,
      @Option(
              names = {"-id", "--id"},
              paramLabel = "ID",
              description = "The flow's id.")
          String id,
      @Option(
              names = {"-f", "--f", "-file", "--file"},
              paramLabel = "FILE",
              description = "A flow file; - reads standard input.")
          String file) {
    if ((id == null) == (file == null)) {
      throw new CommandFailure("give either -id ID or -f FILE");
    }
    RenderConnectorConfigsRequest request =
        id != null
            ? RenderConnectorConfigsRequest.newBuilder().setFlowId(id).build()
            : RenderConnectorConfigsRequest.newBuilder()
                .setFlow(readFlowFile(file).getFlow())
                .build();
    return printFlowCall(endpoint, flows -> flows.renderConnectorConfigs(request));
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Pauses a flow (the original API's StopFlow); its checkpoint is kept.")
  int stop(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    StopFlowRequest request = StopFlowRequest.newBuilder().setFlowId(flow.id).build();
    return printFlowCall(endpoint, flows -> flows.stopFlow(request));
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resumes a stopped or paused flow from its checkpoint.")
  int resume(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    ResumeFlowRequest request = ResumeFlowRequest.newBuilder().setFlowId(flow.id).build();
    return printFlowCall(endpoint, flows -> flows.resumeFlow(request));
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a flow and its checkpoint.")
  int delete(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    DeleteFlowRequest request = DeleteFlowRequest.newBuilder().setFlowId(flow.id).build();
    return printFlowCall(endpoint, flows -> flows.deleteFlow(request));
  }

  /** Makes one FlowService call and prints its answer as JSON. */
  private int printFlowCall(
      EndpointOptions endpoint, Function<FlowServiceBlockingStub, ? extends Message> rpc) {
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      JsonOutput.print(spec.commandLine().getOut(), api.flows(rpc));
    }
    return 0;
  }

  private CreateFlowRequest readFlowFile(String file) {
    String json;
    try {
      json =
          "-".equals(file)
              ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new CommandFailure("cannot read flow file " + file + " (" + e + ")", e);
    }
    try {
      return FlowFile.parse(json);
    } catch (FlowFileException e) {
      throw new FlowFileException("flow file " + file + ": " + e.getMessage(), e);
    }
  }
}
