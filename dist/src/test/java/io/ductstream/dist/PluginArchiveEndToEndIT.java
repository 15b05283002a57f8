package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The plugin as users deploy it: the archive unpacked onto the {@code plugin.path} of unmodified
 * Kafka Connect workers (the in-process 4.3 worker and a 3.9 worker process), our classes absent
 * from the test class path. PostgreSQL → source connector with each of the five converters (key and
 * value) → Kafka → S3 sink with each file format; the objects are read back with readers that are
 * not ours and compared with the table. Also our converters under a connector that is not ours
 * (Kafka's FileStreamSource).
 */
class PluginArchiveEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WIRE = "io.ductstream.format.WireFormatConverter";
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration ARRIVE = Duration.ofSeconds(120);
  private static final List<String> COLUMNS = List.of("__op", "__key", "id", "name");

  /**
   * One path through the product: a key converter (by format name), a value converter class, and
   * the sink's file format. Together the five cover every converter as key and as value (by name
   * and by class) and every file format.
   */
  record Path5(String keyFormat, String valueConverter, String valueFormat, String fileFormat) {}

  private static final List<Path5> PATHS =
      List.of(
          new Path5("json", "io.ductstream.format.avro.AvroConverter", "avro", "parquet"),
          new Path5("avro", "io.ductstream.format.proto.ProtoConverter", "proto", "arrow"),
          new Path5("proto", "io.ductstream.format.arrow.ArrowConverter", "arrow", "avro"),
          new Path5("arrow", "io.ductstream.format.parquet.ParquetConverter", "parquet", "json"),
          new Path5("parquet", WIRE, "json", "proto"));

  private static Path pluginPath;
  private static KafkaConnectCluster cluster;
  private static String bucket;
  private static S3Client s3;
  private static LegacyConnectWorker legacy;

  @BeforeAll
  static void unpackArchiveAndStartWorker() throws IOException {
    PluginArchive.Deployed deployed = PluginArchive.deployed();
    pluginPath = deployed.pluginPath();
    cluster = deployed.cluster();
    bucket = S3Server.shared().createBucket("archive-e2e");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void stopLegacyWorker() {
    if (legacy != null) {
      legacy.close();
    }
  }

  @Test
  void ourClassesAreNotOnTheTestClassPath() {
    for (String name :
        List.of(
            "io.ductstream.source.pg.PostgresSourceConnector",
            "io.ductstream.sink.s3.S3SinkConnector",
            "io.ductstream.format.WireFormatConverter",
            "io.ductstream.format.mapping.ConnectSchemaJson")) {
      assertThatThrownBy(() -> Class.forName(name))
          .as(name + " must come from plugin.path only")
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void everyConverterAndFileFormatOnAKafka4Worker() throws Exception {
    ConnectRest rest = new ConnectRest(cluster.restUrl());
    streamThroughEveryPath(rest, "k4", () -> "");
  }

  @Test
  void everyConverterAndFileFormatOnAKafka39Worker() throws Exception {
    LegacyConnectWorker worker = legacyWorker();
    streamThroughEveryPath(worker.rest(), "k39", worker::diagnostics);
    assertThat(worker.logLines("NoClassDefFoundError", "LinkageError", "NoSuchMethodError"))
        .as("the 3.9 worker's log")
        .isEmpty();
    assertThat(worker.logLines("no plugin metrics"))
        .as("KIP-877 metrics degrade to none on 3.9")
        .isNotEmpty();
  }

  @Test
  void ourConvertersServeKafkasFileStreamSourceOnAKafka4Worker() throws Exception {
    fileStreamSourceThroughOurConverters(new ConnectRest(cluster.restUrl()), "k4-file", () -> "");
  }

  @Test
  void ourConvertersServeKafkasFileStreamSourceOnAKafka39Worker() throws Exception {
    LegacyConnectWorker worker = legacyWorker();
    fileStreamSourceThroughOurConverters(worker.rest(), "k39-file", worker::diagnostics);
  }

  /** The 3.9 worker, started by the first test that needs it. */
  private static synchronized LegacyConnectWorker legacyWorker() throws Exception {
    if (legacy == null) {
      legacy =
          LegacyConnectWorker.start(
              Path.of(System.getProperty("ductstream.connect39.lib")),
              pluginPath,
              cluster.bootstrapServers(),
              Map.of());
    }
    return legacy;
  }

  /** What a worker's log adds to a failure message. */
  private interface LogTail {
    String get();
  }

  private static void streamThroughEveryPath(ConnectRest rest, String label, LogTail log)
      throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("archive_" + label);
    db.execute(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text, amount numeric(12,2),"
            + " placed timestamptz, tags text[], doc jsonb)",
        "INSERT INTO items SELECT g, 'item ' || g, g * 1.25, '2026-12-01 10:00:00+00'::timestamptz"
            + " + g * interval '1 minute', ARRAY['t' || g, 'ü'], jsonb_build_object('n', g)"
            + " FROM generate_series(1, 10) g");
    List<String> connectors = new ArrayList<>();
    try {
      for (int i = 0; i < PATHS.size(); i++) {
        Path5 path = PATHS.get(i);
        String name = label + "-" + i;
        put(rest, name + "-source", sourceConfig(db, name, path), log);
        connectors.add(name + "-source");
        put(rest, name + "-sink", sinkConfig(name, path), log);
        connectors.add(name + "-sink");
      }
      for (String connector : connectors) {
        awaitRunning(rest, connector, log);
      }
      db.execute(
          "INSERT INTO items SELECT g, 'item ' || g, g, now(), '{}', 'null' FROM generate_series(11, 15) g",
          "UPDATE items SET name = 'renamed ' || id WHERE id IN (2, 3, 4)",
          "DELETE FROM items WHERE id IN (5, 6)");
      Map<Long, String> table = table(db);
      for (int i = 0; i < PATHS.size(); i++) {
        checkObjects(rest, label, label + "-" + i, PATHS.get(i), table, log);
      }
    } finally {
      for (String connector : connectors) {
        rest.deleteConnector(connector);
      }
    }
  }

  private static Map<String, String> sourceConfig(TestDatabase db, String name, Path5 path) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.ductstream.source.pg.PostgresSourceConnector");
    config.put("tasks.max", "1");
    config.put("database.dsn", db.postgresUrl());
    config.put("slot.name", name.replace('-', '_') + "_slot");
    config.put("publication.name", name.replace('-', '_') + "_pub");
    config.put("table.include.list", "public.items");
    config.put("topic.prefix", name);
    config.put("heartbeat.interval.ms", "500");
    converters(config, path);
    return config;
  }

  private static Map<String, String> sinkConfig(String name, Path5 path) {
    Map<String, String> config = s3Config(name, path.fileFormat());
    config.put("topics.regex", name + "\\..*");
    // The source creates its topic with its first record: find it soon (as flows do, at 10 s).
    config.put("consumer.override.metadata.max.age.ms", "1000");
    config.put("flush.size", "4");
    config.put("rotate.schedule.interval.ms", "1000");
    converters(config, path);
    return config;
  }

  private static Map<String, String> s3Config(String prefix, String format) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.ductstream.sink.s3.S3SinkConnector");
    config.put("tasks.max", "1");
    config.put("s3.bucket", bucket);
    config.put("s3.prefix", prefix);
    config.put("s3.endpoint", S3Server.shared().endpoint().toString());
    config.put("s3.path.style", "true");
    config.put("s3.region", S3Server.REGION);
    config.put("s3.access.key.id", S3Server.ACCESS_KEY);
    config.put("s3.secret.access.key", S3Server.SECRET_KEY);
    config.put("format", format);
    if (format.equals("parquet")) {
      config.put("parquet.codec", "zstd");
    }
    return config;
  }

  private static void converters(Map<String, String> config, Path5 path) {
    config.put("key.converter", WIRE);
    config.put("key.converter.format", path.keyFormat());
    config.put("value.converter", path.valueConverter());
    if (path.valueConverter().equals(WIRE)) {
      config.put("value.converter.format", path.valueFormat());
    }
  }

  /**
   * Waits until the sink has written every change (10 snapshot rows, 5 inserts, 3 updates, 2
   * deletes), then checks each change and the table folded from them.
   */
  private static void checkObjects(
      ConnectRest rest, String label, String name, Path5 path, Map<Long, String> table, LogTail log)
      throws Exception {
    String what = label + " " + path;
    List<Map<String, Object>> rows = List.of();
    long deadline = System.nanoTime() + ARRIVE.toNanos();
    while (System.nanoTime() < deadline) {
      rest.assertNotFailed(name + "-source");
      rest.assertNotFailed(name + "-sink");
      rows = ForeignReaders.rows(s3, bucket, name + "/", path.fileFormat(), COLUMNS);
      if (rows.size() >= 20) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(rows).as(what + ": every change once\n" + log.get()).hasSize(20);
    Map<String, Integer> ops = new TreeMap<>();
    Map<Long, String> folded = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      String op = (String) row.get("__op");
      long id = Long.parseLong(String.valueOf(row.get("id")));
      JsonNode key = JSON.readTree((String) row.get("__key"));
      assertThat(key.path("id").asLong()).as(what + ": the key of " + row).isEqualTo(id);
      ops.merge(op, 1, Integer::sum);
      if (op.equals("d")) {
        folded.remove(id);
      } else {
        folded.put(id, (String) row.get("name"));
      }
    }
    assertThat(ops).as(what + ": changes by op").isEqualTo(Map.of("r", 10, "c", 5, "u", 3, "d", 2));
    assertThat(folded).as(what + ": the objects folded = the table").isEqualTo(table);
    System.out.println(
        "checked: "
            + what
            + ": 20 changes read back by a foreign "
            + path.fileFormat()
            + " reader, folded = the table");
  }

  private static Map<Long, String> table(TestDatabase db) throws SQLException {
    Map<Long, String> rows = new TreeMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id, name FROM items")) {
      while (r.next()) {
        rows.put(r.getLong(1), r.getString(2));
      }
    }
    return rows;
  }

  /**
   * Kafka's FileStreamSource (not our connector) with our converter as its value converter, read
   * back by our sink through the same converter: the lines of the file arrive in JSON Lines.
   */
  private static void fileStreamSourceThroughOurConverters(
      ConnectRest rest, String name, LogTail log) throws Exception {
    List<String> lines = List.of("first line", "zweite Zeile: ü ß €", "{\"not\": \"parsed\"}");
    Path file = Files.createTempFile("lines", ".txt");
    Files.write(file, lines, StandardCharsets.UTF_8);
    Map<String, String> source = new HashMap<>();
    source.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
    source.put("tasks.max", "1");
    source.put("file", file.toString());
    source.put("topic", name);
    source.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    source.put("value.converter", WIRE);
    source.put("value.converter.format", "avro");
    Map<String, String> sink = s3Config(name, "json");
    sink.put("topics", name);
    sink.put("flush.size", "3");
    sink.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    sink.put("value.converter", WIRE);
    sink.put("value.converter.format", "avro");
    try {
      put(rest, name + "-source", source, log);
      put(rest, name + "-sink", sink, log);
      awaitRunning(rest, name + "-source", log);
      awaitRunning(rest, name + "-sink", log);
      List<JsonNode> values = List.of();
      long deadline = System.nanoTime() + ARRIVE.toNanos();
      while (System.nanoTime() < deadline && values.size() < lines.size()) {
        rest.assertNotFailed(name + "-source");
        rest.assertNotFailed(name + "-sink");
        Thread.sleep(500);
        values = ForeignReaders.jsonValues(s3, bucket, name + "/");
      }
      assertThat(values.stream().map(JsonNode::asText).toList())
          .as(name + ": the file's lines through FileStreamSource, our avro converter and our sink")
          .isEqualTo(lines);
      System.out.println(
          "checked: " + name + ": FileStreamSource lines arrived through our converters");
    } finally {
      rest.deleteConnector(name + "-source");
      rest.deleteConnector(name + "-sink");
    }
  }

  private static void put(
      ConnectRest rest, String connector, Map<String, String> config, LogTail log) {
    try {
      rest.putConnector(connector, config);
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\nworker log:\n" + log.get(), e);
    }
  }

  private static void awaitRunning(ConnectRest rest, String connector, LogTail log) {
    try {
      rest.awaitRunning(connector, START);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nworker log:\n" + log.get(), e);
    }
  }
}
