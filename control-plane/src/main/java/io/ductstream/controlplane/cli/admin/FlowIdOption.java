package io.ductstream.controlplane.cli.admin;

import picocli.CommandLine.Option;

/** The {@code -id ID} option of the admin subcommands that act on one flow. */
final class FlowIdOption {
  @Option(
      names = {"-id", "--id"},
      required = true,
      paramLabel = "ID",
      description = "The flow's id.")
  String id;
}
