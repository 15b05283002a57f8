package io.ductstream.controlplane.cli.admin;

import com.google.protobuf.Message;
import io.ductstream.api.v1.DDLEvent;
import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.DDLServiceGrpc.DDLServiceBlockingStub;
import io.ductstream.api.v1.ListDDLRequest;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListPendingDDLRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ductstream-admin ddl ...}: DDL governance over ductstream.v1.DDLService. */
@Command(
    name = "ddl",
    mixinStandardHelpOptions = true,
    description =
        "List schema changes and approve, reject or mark them applied (ductstream.v1.DDLService).")
public final class DdlCommand {
  @Spec private CommandSpec spec;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists DDL events, as a table or (-json) as the ListDDLResponse.")
  int list(
      @Mixin EndpointOptions endpoint,
      @Option(
              names = {"-status", "--status"},
              paramLabel = "STATUS",
              defaultValue = "all",
              description =
                  "pending, approved, rejected, applied or all (default: ${DEFAULT-VALUE}).")
          DdlStatusFilter status,
      @Option(
              names = {"-flow-id", "--flow-id"},
              paramLabel = "ID",
              defaultValue = "",
              description = "Only this flow's events.")
          String flowId,
      @Mixin JsonFlag json) {
    // Every page, printed as one response.
    ListDDLResponse.Builder all = ListDDLResponse.newBuilder();
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      String token = "";
      do {
        String pageToken = token;
        ListDDLResponse page =
            status == DdlStatusFilter.PENDING
                ? api.ddl(
                    ddl ->
                        ddl.listPendingDDL(
                            ListPendingDDLRequest.newBuilder()
                                .setFlowId(flowId)
                                .setPageToken(pageToken)
                                .build()))
                : api.ddl(
                    ddl ->
                        ddl.listDDL(
                            ListDDLRequest.newBuilder()
                                .setStatus(status.apiStatus())
                                .setFlowId(flowId)
                                .setPageToken(pageToken)
                                .build()));
        all.addAllEvents(page.getEventsList());
        token = page.getNextPageToken();
      } while (!token.isEmpty());
    }
    ListDDLResponse response = all.build();
    if (json.json) {
      JsonOutput.print(spec.commandLine().getOut(), response);
    } else {
      printTable(spec.commandLine().getOut(), response);
    }
    return 0;
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approves a pending DDL event.")
  int approve(@Mixin EndpointOptions endpoint, @Mixin DdlEventIdOption event) {
    DDLEventRequest request = DDLEventRequest.newBuilder().setId(event.id).build();
    return printDdlCall(endpoint, ddl -> ddl.approveDDL(request));
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Rejects a pending DDL event; the flow stays gated.")
  int reject(@Mixin EndpointOptions endpoint, @Mixin DdlEventIdOption event) {
    DDLEventRequest request = DDLEventRequest.newBuilder().setId(event.id).build();
    return printDdlCall(endpoint, ddl -> ddl.rejectDDL(request));
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = "Marks an approved DDL event applied (MarkDDLApplied).")
  int apply(@Mixin EndpointOptions endpoint, @Mixin DdlEventIdOption event) {
    DDLEventRequest request = DDLEventRequest.newBuilder().setId(event.id).build();
    return printDdlCall(endpoint, ddl -> ddl.markDDLApplied(request));
  }

  private static void printTable(PrintWriter out, ListDDLResponse response) {
    String format = "%-6s %-9s %-12s %-20s %-36s %s%n";
    out.printf(format, "ID", "STATUS", "LSN", "CREATED", "FLOW", "DDL");
    for (DDLEvent event : response.getEventsList()) {
      out.printf(
          format,
          event.getId(),
          event.getStatus(),
          event.getLsn(),
          event.hasCreatedAt()
              ? Instant.ofEpochSecond(event.getCreatedAt().getSeconds()).toString()
              : "",
          event.getFlowId(),
          event.getDdl().strip().replaceAll("\\s+", " "));
    }
    out.flush();
  }

  /** Makes one DDLService call and prints its answer as JSON. */
  private int printDdlCall(
      EndpointOptions endpoint, Function<DDLServiceBlockingStub, ? extends Message> rpc) {
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      JsonOutput.print(spec.commandLine().getOut(), api.ddl(rpc));
    }
    return 0;
  }
}
