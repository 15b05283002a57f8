package io.ductstream.controlplane.cli;

import io.ductstream.controlplane.cli.admin.CheckpointCommand;
import io.ductstream.controlplane.cli.admin.DdlCommand;
import io.ductstream.controlplane.cli.admin.FlowCommand;
import java.io.InputStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/ductstream-admin}: operates a running API server over gRPC ({@code flow ...}, {@code
 * checkpoint ...}, {@code ddl ...}). Responses print as JSON on stdout; a failed call prints {@code
 * ductstream-admin: <CODE>: <description>} and exits with 2.
 */
@Command(
    name = "ductstream-admin",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Operates a running DuctStream API server. Every subcommand takes -endpoint host:port",
      "[localhost:8080], -insecure [true unless -cacert or -cert], -cacert FILE, -cert FILE",
      "-key FILE (mTLS) and -token TOKEN [$DUCTSTREAM_API_TOKEN]; flags work with one dash or two."
    },
    footer = {
      "",
      "Examples:",
      "  ductstream-admin flow create -f examples/flows/pg_to_s3_parquet.json -start",
      "  ductstream-admin flow list                      # a table; -json prints ListFlowsResponse",
      "  ductstream-admin flow status -id ID --watch     # redraws state, rows/s, lag every second",
      "  ductstream-admin checkpoint list -endpoint ductstream.example.com:8080 -cacert ca.crt",
      "  ductstream-admin ddl list -status pending"
    })
public final class AdminMain {

  public static void main(String[] args) {
    System.exit(commandLine(System.in, System.getenv()).execute(args));
  }

  static CommandLine commandLine(InputStream stdin) {
    return commandLine(stdin, Map.of());
  }

  static CommandLine commandLine(InputStream stdin, Map<String, String> env) {
    CommandLine command =
        new CommandLine(new AdminMain())
            .addSubcommand(new FlowCommand(stdin))
            .addSubcommand(new CheckpointCommand())
            .addSubcommand(new DdlCommand());
    return OneLineErrors.configure(command, env);
  }
}
