package io.ductstream.controlplane.cli.admin;

import com.google.protobuf.Message;
import io.ductstream.api.v1.Checkpoint;
import io.ductstream.api.v1.CheckpointServiceGrpc.CheckpointServiceBlockingStub;
import io.ductstream.api.v1.FlowCheckpoint;
import io.ductstream.api.v1.GetCheckpointRequest;
import io.ductstream.api.v1.ListCheckpointsRequest;
import io.ductstream.api.v1.ListCheckpointsResponse;
import io.ductstream.api.v1.PutCheckpointRequest;
import io.ductstream.api.v1.ResetCheckpointRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ductstream-admin checkpoint ...}: flows' checkpoints over ductstream.v1.CheckpointService.
 */
@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    description = {
      "Show, list, move and reset the LSN each flow resumes from (ductstream.v1.CheckpointService).",
      "A moved or reset checkpoint moves the flow's next run; on Kafka Connect its source",
      "connector is stopped, its offsets changed, and it is brought back to the flow's state."
    })
public final class CheckpointCommand {
  @Spec private CommandSpec spec;

  /** The {@code -flow-id ID} option of the subcommands that act on one flow's checkpoint. */
  static final class FlowIdOption {
    @Option(
        names = {"-flow-id", "--flow-id"},
        required = true,
        paramLabel = "ID",
        description = "The flow's id.")
    String id;
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Shows a flow's checkpoint (FlowCheckpoint as JSON).")
  int get(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    GetCheckpointRequest request = GetCheckpointRequest.newBuilder().setFlowId(flow.id).build();
    return printCall(endpoint, checkpoints -> checkpoints.getCheckpoint(request));
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Lists every flow's checkpoint, as a table or (-json) as ListCheckpointsResponse.")
  int list(@Mixin EndpointOptions endpoint, @Mixin JsonFlag json) {
    ListCheckpointsResponse.Builder all = ListCheckpointsResponse.newBuilder();
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      String token = "";
      do {
        ListCheckpointsRequest request =
            ListCheckpointsRequest.newBuilder().setPageToken(token).build();
        ListCheckpointsResponse page =
            api.checkpoints(checkpoints -> checkpoints.listCheckpoints(request));
        all.addAllCheckpoints(page.getCheckpointsList());
        token = page.getNextPageToken();
      } while (!token.isEmpty());
    }
    if (json.json) {
      JsonOutput.print(spec.commandLine().getOut(), all.build());
    } else {
      printTable(spec.commandLine().getOut(), all.build());
    }
    return 0;
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = {
        "Moves a flow's checkpoint: its next run delivers the changes committed after -lsn.",
        "Refused before the replication slot's confirmed_flush_lsn (Postgres cannot replay it)."
      })
  int put(
      @Mixin EndpointOptions endpoint,
      @Mixin FlowIdOption flow,
      @Option(
              names = {"-lsn", "--lsn"},
              required = true,
              paramLabel = "X/XXXXXXXX",
              description = "The LSN as Postgres prints it, e.g. 0/16B3748.")
          String lsn) {
    PutCheckpointRequest request =
        PutCheckpointRequest.newBuilder()
            .setFlowId(flow.id)
            .setCheckpoint(Checkpoint.newBuilder().setLsn(lsn))
            .build();
    return printCall(endpoint, checkpoints -> checkpoints.putCheckpoint(request));
  }

  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description = {
        "Forgets a flow's checkpoint: its next run starts as its first did (a new snapshot unless",
        "its snapshot_mode says never). Prints {\"reset\": false} when it had none."
      })
  int reset(@Mixin EndpointOptions endpoint, @Mixin FlowIdOption flow) {
    ResetCheckpointRequest request = ResetCheckpointRequest.newBuilder().setFlowId(flow.id).build();
    return printCall(endpoint, checkpoints -> checkpoints.resetCheckpoint(request));
  }

  private static void printTable(PrintWriter out, ListCheckpointsResponse response) {
    String format = "%-36s %-18s %-24s %s%n";
    out.printf(format, "FLOW", "LSN", "UPDATED", "RUNNER");
    for (FlowCheckpoint checkpoint : response.getCheckpointsList()) {
      out.printf(
          format,
          checkpoint.getFlowId(),
          checkpoint.getCheckpoint().getLsn(),
          Instant.ofEpochMilli(checkpoint.getCheckpoint().getTimestampUnixMillis()),
          checkpoint.getCheckpoint().getMetadataOrDefault("runner", ""));
    }
    out.flush();
  }

  /** Makes one CheckpointService call and prints its answer as JSON. */
  private int printCall(
      EndpointOptions endpoint, Function<CheckpointServiceBlockingStub, ? extends Message> rpc) {
    try (ApiChannel api = ApiChannel.open(endpoint)) {
      JsonOutput.print(spec.commandLine().getOut(), api.checkpoints(rpc));
    }
    return 0;
  }
}
