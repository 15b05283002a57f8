package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is the {@code --help} of every binary and subcommand, generated from their command
 * definitions: the test fails when a flag changes and the page does not. Regenerate it with {@code
 * mvn -pl control-plane test -Dtest=CliReferenceTest -Dductstream.docs.write=true} (with the
 * upstream modules in the reactor).
 */
class CliReferenceTest {
  private static final Path PAGE = Path.of("..", "docs", "cli.md").toAbsolutePath().normalize();

  @Test
  void docsCliIsTheHelpOfEveryCommand() throws IOException {
    String generated = page();
    if (Boolean.getBoolean("ductstream.docs.write")) {
      Files.writeString(PAGE, generated);
    }
    assertThat(Files.exists(PAGE)).as(PAGE + " exists").isTrue();
    assertThat(Files.readString(PAGE))
        .as(
            "docs/cli.md is out of date; regenerate it: mvn -pl control-plane test"
                + " -Dtest=CliReferenceTest -Dductstream.docs.write=true")
        .isEqualTo(generated);
  }

  static String page() {
    StringBuilder page = new StringBuilder();
    page.append("# Command-line reference\n\n")
        .append("Generated from the binaries' command definitions (`CliReferenceTest` checks that")
        .append(" this page\nis what `--help` prints). Environment variables:")
        .append(" [config/ductstream.env.example](../config/ductstream.env.example).\n");
    section(page, "bin/ductstream", ApiServerMain.commandLine(Map.of(), Path.of(".")));
    section(page, "bin/ductstream quickstart", QuickstartMain.commandLine(Map.of(), Path.of(".")));
    section(
        page, "bin/ductstream-admin", AdminMain.commandLine(new ByteArrayInputStream(new byte[0])));
    section(page, "bin/ductstream-worker", WorkerMain.commandLine(Map.of()));
    return page.toString();
  }

  private static void section(StringBuilder page, String title, CommandLine command) {
    page.append("\n## `").append(title).append("`\n\n```\n");
    page.append(usage(command));
    page.append("```\n");
    for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
      if (!sub.getCommandSpec().usageMessage().hidden() && !sub.getCommandName().equals("help")) {
        subsection(page, title + " " + sub.getCommandName(), sub);
      }
    }
  }

  private static void subsection(StringBuilder page, String title, CommandLine command) {
    if (command.getSubcommands().isEmpty()) {
      page.append("\n### `")
          .append(title)
          .append("`\n\n```\n")
          .append(usage(command))
          .append("```\n");
      return;
    }
    for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
      if (!sub.getCommandSpec().usageMessage().hidden() && !sub.getCommandName().equals("help")) {
        subsection(page, title + " " + sub.getCommandName(), sub);
      }
    }
  }

  private static String usage(CommandLine command) {
    command.setUsageHelpWidth(100);
    command.setUsageHelpAutoWidth(false);
    String text = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    return text.endsWith("\n") ? text : text + "\n";
  }
}
