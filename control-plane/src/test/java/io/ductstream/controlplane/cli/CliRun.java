package io.ductstream.controlplane.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of a CLI: exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(CommandLine command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
