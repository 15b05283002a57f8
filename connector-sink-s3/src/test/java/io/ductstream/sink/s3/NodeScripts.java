package io.ductstream.sink.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node script (a test resource under node/) with readers that share no code with ours:
 * DuckDB's Node package and apache-arrow (JS). npm installs them into {@code target/npm} on first
 * use (node and npm must be on the PATH, as on CI). The script prints one JSON object per line.
 */
final class NodeScripts {
  private static final Path NPM_DIR = Path.of("target", "npm").toAbsolutePath();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NodeScripts() {}

  static synchronized List<JsonNode> run(String script, String... args) throws Exception {
    install();
    Path target = NPM_DIR.resolve(script);
    try (InputStream in = NodeScripts.class.getResourceAsStream("/node/" + script)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of("node", target.toString()));
    command.addAll(List.of(args));
    List<JsonNode> lines = new ArrayList<>();
    for (String line : exec(command, 120).split("\n")) {
      if (!line.isBlank()) {
        lines.add(MAPPER.readTree(line));
      }
    }
    return lines;
  }

  private static void install() throws Exception {
    if (Files.isDirectory(NPM_DIR.resolve("node_modules/@duckdb/node-api"))
        && Files.isDirectory(NPM_DIR.resolve("node_modules/apache-arrow"))) {
      return;
    }
    Files.createDirectories(NPM_DIR);
    System.out.println("installing @duckdb/node-api and apache-arrow with npm into " + NPM_DIR);
    exec(
        List.of(
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            NPM_DIR.toString(),
            "@duckdb/node-api",
            "apache-arrow"),
        300);
  }

  private static String exec(List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("node", ".out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command.get(1) + " did not finish in " + timeoutSeconds + " s");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    if (process.exitValue() != 0) {
      throw new IOException(
          command.get(1)
              + " exited "
              + process.exitValue()
              + ":\n"
              + out.substring(0, Math.min(4000, out.length())));
    }
    return out;
  }
}
