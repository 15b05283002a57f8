package io.ductstream.controlplane.cli.admin;

import picocli.CommandLine.Option;

/** The {@code -id N} option of the admin subcommands that act on one DDL event. */
final class DdlEventIdOption {
  @Option(
      names = {"-id", "--id"},
      required = true,
      paramLabel = "N",
      description = "The DDL event's id.")
  long id;
}
