package io.ductstream.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.testkit.NodeScripts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers not built on our code or on the Java reference libraries: DuckDB's Node package for
 * Parquet and the apache-arrow npm package for Arrow IPC ({@link NodeScripts} installs them).
 */
final class NodeReaders {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NodeReaders() {}

  /** Runs {@code script} (a test resource under node/) on {@code file}; one JSON per line. */
  static List<JsonNode> run(String script, Path file) throws Exception {
    String out =
        NodeScripts.run(
            NodeReaders.class,
            List.of("@duckdb/node-api", "apache-arrow"),
            script,
            file.toAbsolutePath().toString());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        lines.add(MAPPER.readTree(line));
      }
    }
    return lines;
  }
}
