package io.ductstream.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers not built on our code or on the Java reference libraries: DuckDB's Node package for
 * Parquet ({@code duckdb_read.mjs}) and the apache-arrow npm package for Arrow IPC ({@code
 * arrow_read.mjs}), both resources of this kit; {@link NodeScripts} installs the packages.
 */
public final class NodeReaders {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NodeReaders() {}

  /**
   * Runs {@code script} (a resource under node/ of this kit) on {@code file}; one JSON per line.
   */
  public static List<JsonNode> run(String script, Path file) throws Exception {
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
