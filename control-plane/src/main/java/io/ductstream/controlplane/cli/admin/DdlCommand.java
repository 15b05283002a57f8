package io.ductstream.controlplane.cli.admin;

import com.google.protobuf.Message;
import io.ductstream.api.v1.DDLEvent;
import io.ductstream.api.v1.DDLEventRequest;
import io.ductstream.api.v1.DDLEventResponse;
import io.ductstream.api.v1.DDLServiceGrpc.DDLServiceBlockingStub;
import io.ductstream.api.v1.InstallDDLCaptureRequest;
import io.ductstream.api.v1.InstallDDLCaptureResponse;
import io.ductstream.api.v1.ListDDLRequest;
import io.ductstream.api.v1.ListDDLResponse;
import io.ductstream.api.v1.ListPendingDDLRequest;
import java.io.PrintWriter;
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
        "List and show schema changes, approve, reject or mark them applied, and install the DDL"
            + " capture trigger (ductstream.v1.DDLService).")
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
      description = "Approves a pending (or rejected) DDL event; apply it next.")
  int approve(@Mixin EndpointOptions endpoint, @Mixin DdlEventIdOption event) {
    DDLEventRequest request = DDLEventRequest.newBuilder().setId(event.id).build();
    return printDdlCall(endpoint, ddl -> ddl.approveDDL(request));
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description =
          "Rejects a pending DDL event, saying why; the flow stays held at it (the reason shows in"
              + " its status). Approving it later lets it through after all.")
  int reject(
      @Mixin EndpointOptions endpoint,
      @Mixin DdlEventIdOption event,
      @Option(
              names = {"-reason", "--reason"},
              required = true,
              paramLabel = "TEXT",
              description = "Why it is rejected.")
          String reason) {
    DDLEventRequest request =
        DDLEventRequest.newBuilder().setId(event.id).setReason(reason).build();
    return printDdlCall(endpoint, ddl -> ddl.rejectDDL(request));
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Marks an approved DDL event applied (MarkDDLApplied): a flow held at it goes on, its"
              + " destinations writing the table's new schema version.")
  int apply(@Mixin EndpointOptions endpoint, @Mixin DdlEventIdOption event) {
    DDLEventRequest request = DDLEventRequest.newBuilder().setId(event.id).build();
    return printDdlCall(endpoint, ddl -> ddl.markDDLApplied(request));
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Shows one DDL event: the change, the table's old and new shape, the plan per"
              + " destination, the statement, and who decided what when.")
  int show(@Mixin EndpointOptions endpoint, @Mixin DdlEventIdOption event, @Mixin JsonFlag json) {
    DDLEventResponse response;
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      response = api.ddl(ddl -> ddl.getDDL(DDLEventRequest.newBuilder().setId(event.id).build()));
    }
    if (json.json) {
      JsonOutput.print(spec.commandLine().getOut(), response);
    } else {
      DdlEventView.print(spec.commandLine().getOut(), response.getEvent());
    }
    return 0;
  }

  @Command(
      name = "install-capture",
      mixinStandardHelpOptions = true,
      description = {
        "Installs the event trigger ductstream_ddl_capture on the flow's source database, so that"
            + " DDL events carry the statement that made the change (needs a superuser on the"
            + " source; running it again is harmless)."
      })
  int installCapture(
      @Mixin EndpointOptions endpoint,
      @Option(
              names = {"-flow-id", "--flow-id"},
              required = true,
              paramLabel = "ID",
              description = "The flow whose source gets the trigger.")
          String flowId) {
    InstallDDLCaptureResponse response;
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      response =
          api.ddl(
              ddl ->
                  ddl.installDDLCapture(
                      InstallDDLCaptureRequest.newBuilder().setFlowId(flowId).build()));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(response.getMessage());
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, ListDDLResponse response) {
    TextTable table = new TextTable("ID", "FLOW", "TABLE", "VERSION", "STATUS", "LSN", "CHANGE");
    for (DDLEvent event : response.getEventsList()) {
      table.row(
          Long.toString(event.getId()),
          event.getFlowId(),
          DdlEventView.table(event),
          event.getTableVersion() > 0 ? Integer.toString(event.getTableVersion()) : "-",
          event.getStatus(),
          event.getLsn().isEmpty() ? "-" : event.getLsn(),
          DdlEventView.change(event));
    }
    table.print(out);
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
