package io.ductstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes the anchor rows with DuckDB's own {@code COPY ... TO (FORMAT parquet, CODEC snappy)}
 * through its Node package ({@code @duckdb/node-api}, installed with npm into {@code
 * bench/target/npm} on first use), for a file-size comparison. Null when node or npm is missing.
 */
final class DuckDbParquet {
  private static final Path NPM_DIR = Path.of("bench", "target", "npm");

  private DuckDbParquet() {}

  static Long copySize(Path target, long rows) throws IOException, InterruptedException {
    if (!install()) {
      return null;
    }
    String sql =
        "COPY (SELECT i::BIGINT AS id, (i % 100000)::INTEGER AS a, (i * 7919)::BIGINT AS b,"
            + " left(md5(i::VARCHAR) || md5((i + 1)::VARCHAR), 50) AS c,"
            + " TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i) AS d,"
            + " ((i % 1000000) / 100.0)::DECIMAL(12,2) AS e, i % 2 = 0 AS f,"
            + " '{\"k\": ' || i || ', \"tag\": \"t' || (i % 10) || '\"}' AS g"
            + " FROM range(1, "
            + (rows + 1)
            + ") t(i)) TO '"
            + target.toAbsolutePath()
            + "' (FORMAT parquet, CODEC snappy)";
    Path script = NPM_DIR.resolve("copy.mjs");
    Files.writeString(
        script,
        "import { DuckDBInstance } from '@duckdb/node-api';\n"
            + "const db = await DuckDBInstance.create(':memory:');\n"
            + "const c = await db.connect();\n"
            + "await c.run(process.argv[2]);\n",
        StandardCharsets.UTF_8);
    if (run(List.of("node", script.toAbsolutePath().toString(), sql), 300) != 0) {
      return null;
    }
    return Files.size(target);
  }

  private static boolean install() throws IOException, InterruptedException {
    if (Files.isDirectory(NPM_DIR.resolve("node_modules/@duckdb/node-api"))) {
      return true;
    }
    Files.createDirectories(NPM_DIR);
    return run(
            List.of(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                NPM_DIR.toAbsolutePath().toString(),
                "@duckdb/node-api"),
            300)
        == 0;
  }

  private static int run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .inheritIO()
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      System.out.println("writers: " + command.get(0) + " not available: " + e.getMessage());
      return -1;
    }
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
