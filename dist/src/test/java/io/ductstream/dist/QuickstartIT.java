package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.NodeReaders;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ductstream quickstart} in its bounded mode, as a process of the built distribution:
 * its Parquet objects, read with DuckDB and folded by key (inserts, updates, deletes in LSN order),
 * equal the sample tables it leaves; a second run reuses the first's data, flow and checkpoint. The
 * store and S3 are its embedded ones; the sample tables are in a test database given as
 * DUCTSTREAM_QUICKSTART_SOURCE_DSN, so the test can read them once the quick start has ended (the
 * test class path has no control-plane's DevPostgres dependencies).
 */
class QuickstartIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREATED =
      Pattern.compile("created flow quickstart \\(([0-9a-f-]+)\\)");

  /** Per table: its key columns and the columns compared. */
  private static final Map<String, List<String>> COMPARED =
      Map.of(
          "customers", List.of("name", "email"),
          "orders", List.of("customer_id", "status", "total"),
          "order_items", List.of("sku", "quantity", "price"),
          "every_type", List.of("c_integer", "c_text", "c_bigint", "c_uuid", "c_date"));

  @TempDir Path work;
  private TestDatabase sourceDb;

  @Test
  void boundedRunWritesEveryChangeAsParquetAndASecondRunGoesOn() throws Exception {
    int pgPort = FreePorts.next();
    int apiPort = FreePorts.next();
    // its own port, not the default pgPort + 1, which may be in use
    int s3Port = FreePorts.next();
    Path data = work.resolve("quickstart-data");
    sourceDb = PostgresServer.shared().createDatabase("quickstart");

    Path out = work.resolve("first.out");
    Process first = start(data, pgPort, s3Port, apiPort, out, "--rows", "1500", "--duration", "15");
    String flowId = awaitFlowId(first, out);
    LauncherRun watch =
        LauncherRun.of(
            List.of(
                "bin/ductstream-admin",
                "flow",
                "status",
                "-id",
                flowId,
                "--watch",
                "--count",
                "2",
                "-endpoint",
                "127.0.0.1:" + apiPort),
            Map.of());
    System.out.println("flow status --watch printed:\n" + watch.stdout() + watch.stderr());
    assertThat(watch.exit()).isZero();
    assertThat(watch.stdout().strip().lines())
        .hasSize(2)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("flow=quickstart state=RUNNING", "rows_per_s=", "lag_bytes="));
    String firstOut = finish(first, out);
    assertThat(firstOut)
        .contains(
            "created and filled the sample tables",
            "starting an embedded PostgreSQL",
            "rows/s",
            "snapshot",
            "Written to s3://quickstart/cdc/",
            "shop.orders",
            "duckdb -c \"SELECT",
            "read_parquet('" + data.resolve("s3/quickstart/cdc/shop/orders"),
            "pyarrow");
    assertFilesEqualTables(data);

    Path secondFile = work.resolve("second.out");
    String secondOut =
        finish(
            start(data, pgPort, s3Port, apiPort, secondFile, "--rows", "200", "--duration", "3"),
            secondFile);
    assertThat(secondOut)
        .contains("reusing the sample tables", "reusing flow quickstart (" + flowId + ")")
        .doesNotContain("created flow");
    assertFilesEqualTables(data);
  }

  private Process start(Path data, int pgPort, int s3Port, int apiPort, Path out, String... bounds)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                LauncherRun.REPO.resolve("bin/ductstream").toString(),
                "quickstart",
                "--data-dir",
                data.toString(),
                "--pg-port",
                Integer.toString(pgPort),
                "--s3-port",
                Integer.toString(s3Port)));
    command.addAll(List.of(bounds));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(data.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("DUCTSTREAM_GRPC_LISTEN", "127.0.0.1:" + apiPort);
    pb.environment().put("DUCTSTREAM_QUICKSTART_SOURCE_DSN", sourceDb.postgresUrl());
    return pb.start();
  }

  private static String awaitFlowId(Process process, Path out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher created = CREATED.matcher(Files.readString(out));
      if (created.find()) {
        return created.group(1);
      }
      if (!process.isAlive()) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("the quick start created no flow:\n" + Files.readString(out));
  }

  private static String finish(Process process, Path out) throws Exception {
    boolean ended = process.waitFor(240, TimeUnit.SECONDS);
    String printed = Files.readString(out);
    System.out.println("bin/ductstream quickstart printed:\n" + printed);
    if (!ended) {
      process.destroyForcibly();
      throw new AssertionError("the bounded quick start did not end in 240 s");
    }
    assertThat(process.exitValue()).as(printed).isZero();
    return printed;
  }

  /** Each table's objects folded by key equal the table the quick start left. */
  private void assertFilesEqualTables(Path data) throws Exception {
    try (Connection source = sourceDb.connect()) {
      for (Map.Entry<String, List<String>> table : COMPARED.entrySet()) {
        Map<String, Map<String, String>> folded =
            fold(data.resolve("s3/quickstart/cdc/shop").resolve(table.getKey()), table.getValue());
        Map<String, Map<String, String>> rows = rows(source, table.getKey(), table.getValue());
        System.out.println(
            "shop." + table.getKey() + ": " + rows.size() + " rows, " + folded.size() + " folded");
        assertThat(folded).as("shop." + table.getKey()).isEqualTo(rows);
      }
    }
  }

  /** The changes of the objects under {@code directory}, by key, the last one of each key kept. */
  private static Map<String, Map<String, String>> fold(Path directory, List<String> columns)
      throws Exception {
    List<JsonNode> lines = NodeReaders.run("duckdb_read.mjs", directory.resolve("**/*.parquet"));
    List<JsonNode> changes = new ArrayList<>(lines.subList(1, lines.size()));
    changes.sort(Comparator.comparingLong(row -> Long.parseLong(row.path("__lsn").asText())));
    Map<String, Map<String, String>> state = new TreeMap<>();
    for (JsonNode change : changes) {
      String key = canonicalKey(JSON.readTree(change.path("__key").asText()));
      if (change.path("__op").asText().equals("d")) {
        state.remove(key);
      } else {
        Map<String, String> values = new TreeMap<>();
        for (String column : columns) {
          values.put(column, change.path(column).isNull() ? null : change.path(column).asText());
        }
        state.put(key, values);
      }
    }
    return state;
  }

  private static Map<String, Map<String, String>> rows(
      Connection source, String table, List<String> columns) throws Exception {
    Map<String, Map<String, String>> rows = new TreeMap<>();
    String keyColumns = table.equals("order_items") ? "order_id, line" : "id";
    try (Statement statement = source.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT "
                    + keyColumns
                    + ", "
                    + String.join(", ", columns.stream().map(c -> c + "::text").toList())
                    + " FROM shop."
                    + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      int keys = keyColumns.split(",").length;
      while (rs.next()) {
        Map<String, String> key = new TreeMap<>();
        for (int i = 1; i <= keys; i++) {
          key.put(meta.getColumnLabel(i), rs.getString(i));
        }
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < columns.size(); i++) {
          values.put(columns.get(i), rs.getString(keys + 1 + i));
        }
        rows.put(key.toString(), values);
      }
    }
    return rows;
  }

  private static String canonicalKey(JsonNode key) {
    Map<String, String> fields = new TreeMap<>();
    key.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
    return fields.toString();
  }
}
