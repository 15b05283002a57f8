package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code bin/ductstream*} command line in the README and in docs/ parses with the binary's
 * real command definition: no example names a subcommand, flag or value the code does not take.
 * (The examples that move data run in the ITs that cover their feature.)
 */
class DocsCommandLinesTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern COMMAND =
      Pattern.compile("^(?:\\$ )?bin/(ductstream(?:-admin|-worker)?)(?:\\s+(.*))?$");
  private static final Map<String, String> PLACEHOLDERS =
      Map.ofEntries(
          Map.entry("X/XXXXXXXX", "0/16B3748"),
          Map.entry("\"$FLOW_ID\"", "f-1"),
          Map.entry("$FLOW_ID", "f-1"),
          Map.entry("ID", "f-1"),
          Map.entry("N", "1"),
          Map.entry("FILE", "flow.json"),
          Map.entry("TOKEN", "t"),
          Map.entry("host:port", "localhost:8080"),
          Map.entry("schema.t,...", "public.t"));

  @Test
  void everyDocumentedCommandLineParses() throws IOException {
    List<String> checked = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Path doc : docs()) {
      for (String line : commandLines(doc)) {
        Matcher m = COMMAND.matcher(line);
        if (!m.matches()) {
          continue;
        }
        for (List<String> args : variants(m.group(2) == null ? "" : m.group(2))) {
          String where =
              REPO.relativize(doc) + ": bin/" + m.group(1) + " " + String.join(" ", args);
          try {
            if (m.group(1).equals("ductstream")
                && !args.isEmpty()
                && args.get(0).equals("quickstart")) {
              QuickstartMain.commandLine(Map.of(), REPO)
                  .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
            } else {
              commandLine(m.group(1)).parseArgs(args.toArray(String[]::new));
            }
            checked.add(where);
          } catch (CommandLine.ParameterException e) {
            failures.add(where + " -> " + e.getMessage());
          }
        }
      }
    }
    System.out.println("checked " + checked.size() + " documented command lines");
    assertThat(failures).as("documented command lines the binaries refuse").isEmpty();
    assertThat(checked).as("command lines found in the docs").hasSizeGreaterThan(20);
  }

  private static CommandLine commandLine(String binary) {
    return switch (binary) {
      case "ductstream-admin" -> AdminMain.commandLine(new ByteArrayInputStream(new byte[0]));
      case "ductstream-worker" -> WorkerMain.commandLine(Map.of());
      default -> ApiServerMain.commandLine(Map.of(), REPO);
    };
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(REPO.resolve("README.md")));
    try (Stream<Path> files = Files.list(REPO.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The lines of the doc's shell code blocks, continuations joined, comments cut. */
  static List<String> commandLines(Path doc) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean inShell = false;
    StringBuilder pending = new StringBuilder();
    for (String raw : Files.readAllLines(doc)) {
      String line = raw.strip();
      if (line.startsWith("```")) {
        inShell = !inShell && line.matches("```(bash|sh|shell|console)");
        continue;
      }
      if (!inShell) {
        continue;
      }
      int comment = line.indexOf(" #");
      if (comment >= 0) {
        line = line.substring(0, comment).strip();
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      String joined = pending.toString().strip();
      pending.setLength(0);
      // a command run after a build or in a pipeline: the part that starts with bin/
      int bin = joined.indexOf("bin/ductstream");
      if (bin > 0 && (joined.startsWith("mvn ") || joined.startsWith("cd "))) {
        joined = joined.substring(bin);
      }
      lines.add(joined.replaceAll("\\s+[|>&].*$", ""));
    }
    return lines;
  }

  /**
   * The argument lists a synopsis stands for: {@code a|b} in a subcommand's place is each of them,
   * {@code [-x V]} is the line with and without it, placeholders get example values.
   */
  static List<List<String>> variants(String synopsis) {
    List<List<String>> variants = new ArrayList<>();
    variants.add(new ArrayList<>());
    List<String> optional = new ArrayList<>();
    Matcher brackets = Pattern.compile("\\[([^\\]]*)\\]").matcher(synopsis);
    StringBuilder required = new StringBuilder();
    while (brackets.find()) {
      optional.add(brackets.group(1));
      brackets.appendReplacement(required, "");
    }
    brackets.appendTail(required);
    for (String word : tokens(required.toString())) {
      List<List<String>> next = new ArrayList<>();
      boolean alternatives = word.contains("|") && !word.startsWith("-") && !word.contains("/");
      for (String choice : alternatives ? word.split("\\|") : new String[] {word}) {
        for (List<String> variant : variants) {
          List<String> copy = new ArrayList<>(variant);
          copy.add(value(choice));
          next.add(copy);
        }
      }
      variants = next;
    }
    List<String> all = new ArrayList<>(variants.get(0));
    for (String part : optional) {
      for (String word : tokens(part)) {
        String[] choices = word.split("\\|");
        all.add(value(choices[0]));
      }
    }
    if (!optional.isEmpty()) {
      variants.add(all);
    }
    return variants;
  }

  private static String value(String word) {
    String unquoted =
        word.length() > 1 && word.startsWith("'") && word.endsWith("'")
            ? word.substring(1, word.length() - 1)
            : word;
    return PLACEHOLDERS.getOrDefault(unquoted, unquoted);
  }

  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("\"[^\"]*\"|'[^']*'|\\S+").matcher(text.strip());
    while (m.find()) {
      String token = m.group();
      tokens.add(
          token.startsWith("\"") && token.endsWith("\"") && !token.equals("\"$FLOW_ID\"")
              ? token.substring(1, token.length() - 1)
              : token);
    }
    return tokens;
  }
}
