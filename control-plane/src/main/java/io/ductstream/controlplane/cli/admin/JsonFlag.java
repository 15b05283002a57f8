package io.ductstream.controlplane.cli.admin;

import picocli.CommandLine.Option;

/** The {@code -json} option of the admin subcommands that print a table by default. */
final class JsonFlag {
  @Option(
      names = {"-json", "--json"},
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description = "Print JSON instead of a table.")
  boolean json;
}
