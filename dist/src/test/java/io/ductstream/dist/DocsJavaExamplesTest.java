package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.format.BatchWriters;
import io.ductstream.sink.s3.layout.FlatLayout;
import io.ductstream.sink.s3.layout.RowShape;
import io.ductstream.sink.s3.record.RecordView;
import io.ductstream.testkit.NodeScripts;
import io.ductstream.testkit.PostgresServer;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ```java blocks of README.md and docs/ compile against our jars (with the imports and
 * variables of {@link #JAVA_CONTEXT}); the writer snippet of docs/formats.md runs and writes the S3
 * sink's flat change rows to Parquet, on which the docs' DuckDB SQL ({@code <!-- duckdb -->}) runs
 * with DuckDB.
 */
class DocsJavaExamplesTest {
  /**
   * What a snippet needs to compile, per doc: its imports and the variables it uses, as a method's
   * parameters.
   */
  private static final Map<String, String[]> JAVA_CONTEXT =
      Map.of(
          "docs/formats.md",
          new String[] {
            "import io.ductstream.format.*; import java.io.OutputStream; import java.util.List;"
                + " import org.apache.kafka.connect.data.Schema; import org.apache.kafka.connect.data.Struct;",
            "Schema schema, OutputStream outputStream, List<Struct> rows"
          },
          "docs/development.md",
          new String[] {"import io.ductstream.testkit.*;", ""});

  @Test
  void everyJavaBlockCompilesAndTheWriterSnippetWritesAFileDuckDbQueriesWithTheSinkDocsSql(
      @TempDir Path dir) throws Exception {
    List<DocBlocks.Block> blocks = DocBlocks.of("java").stream().filter(b -> !b.notRun()).toList();
    assertThat(blocks).isNotEmpty();
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> files = new ArrayList<>();
    Map<String, String> classOf = new HashMap<>();
    for (DocBlocks.Block block : blocks) {
      String doc = block.where().substring(0, block.where().indexOf(':'));
      String[] context = JAVA_CONTEXT.get(doc);
      assertThat(context)
          .as(block + ": no context to compile it in (JAVA_CONTEXT); or mark it not-run")
          .isNotNull();
      String name = "Snippet" + classOf.size();
      Path source = sources.resolve(name + ".java");
      Files.writeString(
          source,
          context[0]
              + "\npublic class "
              + name
              + " { public static void run("
              + context[1]
              + ") throws Exception {\n"
              + block.text()
              + "}}\n");
      files.add(source.toString());
      classOf.put(block.where(), name);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // the jars of the classes the snippets name, not the whole test class path: javac reads less
    String classPath =
        Stream.of(BatchWriters.class, Schema.class, PostgresServer.class)
            .map(type -> type.getProtectionDomain().getCodeSource().getLocation().getPath())
            .collect(Collectors.joining(java.io.File.pathSeparator));
    List<String> args =
        new ArrayList<>(List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none"));
    args.addAll(files);
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int exit = javac.run(null, errors, errors, args.toArray(String[]::new));
    assertThat(exit).as("javac of the docs' Java blocks " + classOf + ":\n" + errors).isZero();

    // the writer snippet of docs/formats.md writes what the S3 sink writes: flat change rows
    String writer =
        classOf.entrySet().stream()
            .filter(e -> e.getKey().startsWith("docs/formats.md"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow();
    FlatRows rows = flatOrders();
    Path object =
        Files.createDirectories(dir.resolve("lake/cdc/shop/public/orders/date=2026-12-02"));
    try (URLClassLoader loader =
            new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        OutputStream out = Files.newOutputStream(object.resolve("part-0.parquet"))) {
      Method run =
          loader.loadClass(writer).getMethod("run", Schema.class, OutputStream.class, List.class);
      run.invoke(null, rows.schema(), out, rows.rows());
    }
    assertThat(duckDbBlocks(dir.resolve("lake").toString()))
        .containsExactly(
            "{\"__op\":\"c\",\"__ts\":\"2026-12-02 10:00:00+00\",\"id\":\"1\",\"status\":\"new\"}",
            "{\"__op\":\"u\",\"__ts\":\"2026-12-02 10:00:01+00\",\"id\":\"1\",\"status\":\"paid\"}");
  }

  private record FlatRows(Schema schema, List<Struct> rows) {}

  /** Two changes of public.orders laid out as the S3 sink's flat layout lays them. */
  private static FlatRows flatOrders() {
    Schema row =
        SchemaBuilder.struct()
            .name("shop.public.orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Schema envelope = ChangeEnvelope.envelopeSchema("shop.public.orders", row);
    FlatLayout flat = new FlatLayout();
    List<Struct> rows = new ArrayList<>();
    Schema schema = null;
    long commitUs = 1_796_205_600_000_000L; // 2026-12-02T10:00:00Z
    String[][] changes = {{"c", "new"}, {"u", "paid"}};
    for (int i = 0; i < changes.length; i++) {
      Struct source =
          new Struct(ChangeEnvelope.SOURCE_BLOCK)
              .put("db", "shop")
              .put("schema", "public")
              .put("table", "orders")
              .put("lsn", 1000L + i)
              .put("commit_ts_us", commitUs + i * 1_000_000L)
              .put("snapshot", false);
      Struct value =
          new Struct(envelope)
              .put("op", changes[i][0])
              .put(
                  "after",
                  new Struct(envelope.field("after").schema())
                      .put("id", 1L)
                      .put("status", changes[i][1]))
              .put("source", source)
              .put("ts_us", commitUs + i * 1_000_000L)
              .put("unchanged", changes[i][0].equals("u") ? List.of() : null);
      SinkRecord record = new SinkRecord("shop.public.orders", 0, null, null, envelope, value, i);
      RowShape shape = flat.shape(new RecordView(record));
      schema = shape.schema(record);
      rows.add((Struct) shape.row(record));
    }
    return new FlatRows(schema, rows);
  }

  /**
   * The docs' DuckDB blocks (marked {@code <!-- duckdb -->}) run by DuckDB, with the bucket's URL
   * ({@code s3://lake/}) replaced by a local folder holding the same keys; their rows as JSON.
   */
  private List<String> duckDbBlocks(String lake) throws Exception {
    List<String> rows = new ArrayList<>();
    List<DocBlocks.Block> blocks =
        DocBlocks.of("sql").stream().filter(b -> "duckdb".equals(b.mark())).toList();
    assertThat(blocks).as("DuckDB blocks").isNotEmpty();
    for (DocBlocks.Block block : blocks) {
      String sql = block.text().replace("s3://lake/", lake + "/");
      assertThat(sql).as(block + " reads s3://lake/").isNotEqualTo(block.text());
      // the packages NodeReaders (QuickstartIT) asks for: the module's npm folder is filled once
      String out =
          NodeScripts.run(
              DocsJavaExamplesTest.class,
              List.of("@duckdb/node-api", "apache-arrow"),
              "duckdb_query.mjs",
              sql);
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          rows.add(line);
        }
      }
    }
    return rows;
  }
}
