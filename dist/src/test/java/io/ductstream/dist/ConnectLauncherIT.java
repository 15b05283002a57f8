package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code bin/ductstream-connect} as a user does: Kafka Connect's own standalone worker from
 * the distribution (connect/lib), with our plugin directory (connect/plugins) added to the
 * plugin.path the worker properties set, the sample configs of config/ (worker, Postgres source, S3
 * sink), a real broker, PostgreSQL and S3 server. The changes are read back from the topic with our
 * converter, loaded the way the worker loads it, and from the bucket.
 */
class ConnectLauncherIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONNECT_HOME =
      Path.of(System.getProperty("ductstream.connect.home")).toAbsolutePath().normalize();
  private static final Path PLUGINS = CONNECT_HOME.resolve("plugins");
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration ARRIVE = Duration.ofSeconds(45);

  private static EmbeddedKafkaCluster kafka;

  @BeforeAll
  static void startBroker() {
    Properties broker = new Properties();
    broker.put("auto.create.topics.enable", "true");
    broker.put("group.initial.rebalance.delay.ms", "0");
    kafka = new EmbeddedKafkaCluster(1, broker);
    kafka.start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.stop();
    }
  }

  @Test
  void runsTheSampleConfigsFromPostgresThroughKafkaToS3WithThePluginFromItsDirectory()
      throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("connect_launcher");
    db.execute(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 3) g");
    String bucket = S3Server.shared().createBucket("connect-launcher");
    Path dir = Files.createTempDirectory("ductstream-connect");
    // The user's own plugin.path, over two lines: an empty directory and one with Kafka's file
    // connector. The launcher must keep both and add ours.
    Path emptyPlugins = Files.createDirectories(dir.resolve("empty-plugins"));
    Path userPlugins = Files.createDirectories(dir.resolve("user-plugins"));
    Path fileConnectorJar =
        Path.of(
            FileStreamSourceConnector.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Files.copy(fileConnectorJar, userPlugins.resolve(fileConnectorJar.getFileName()));
    int port = FreePorts.next();
    Path worker =
        sampleWithOverrides(
            "ductstream-connect.properties",
            dir.resolve("worker.properties"),
            List.of(
                "bootstrap.servers=" + kafka.bootstrapServers(),
                "listeners=http://127.0.0.1:" + port,
                "offset.storage.file.filename=" + dir.resolve("connect.offsets"),
                "offset.flush.interval.ms=1000",
                "plugin.path = " + emptyPlugins + ",\\",
                "    " + userPlugins));
    Path source = sourceConfig(db, dir.resolve("source.properties"));
    Path sink = sinkConfig(bucket, dir.resolve("sink.properties"));
    // the names in config/postgres-source.properties and config/s3-sink.properties
    String sourceName = "shop-source";
    String sinkName = "shop-s3-sink";

    Path log = dir.resolve("worker.out");
    Process process =
        new ProcessBuilder(
                "bin/ductstream-connect", worker.toString(), source.toString(), sink.toString())
            .directory(LauncherRun.REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      ConnectRest rest = new ConnectRest("http://127.0.0.1:" + port);
      awaitUp(rest, process, log);
      try {
        rest.awaitRunning(sourceName, START);
        rest.awaitRunning(sinkName, START);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nworker log:\n" + Files.readString(log), e);
      }
      System.out.println("bin/ductstream-connect: worker up, source and sink RUNNING");

      assertPluginsListed(rest);
      assertOurClassesLoadOnlyFromThePluginDirectory(process, log);
      assertThat(Files.readString(log))
          .as("the worker's plugin.path: the user's two directories, then ours")
          .contains("plugin.path = [" + emptyPlugins + ", " + userPlugins + ", " + PLUGINS + "]");

      db.execute(
          "INSERT INTO items VALUES (4, 'item 4'), (5, 'item 5')",
          "UPDATE items SET name = 'renamed 2' WHERE id = 2",
          "DELETE FROM items WHERE id = 3");
      List<Change> changes =
          readChanges("launcher.public.items", 7, rest, sourceName, process, log);
      assertThat(changes.subList(0, 3))
          .as("the snapshot, decoded by our converter")
          .containsExactlyInAnyOrder(
              new Change("r", 1, "item 1"),
              new Change("r", 2, "item 2"),
              new Change("r", 3, "item 3"));
      assertThat(changes.subList(3, 7))
          .as("the changes after it, in commit order, decoded by our converter")
          .containsExactly(
              new Change("c", 4, "item 4"),
              new Change("c", 5, "item 5"),
              new Change("u", 2, "renamed 2"),
              new Change("d", 3, null));
      System.out.println(
          "checked: 3 snapshot rows and 4 changes arrived, decoded by our converter");
      assertThat(readObjects(bucket, 7, rest, sinkName, process, log))
          .as("the changes in the bucket, written by the sink through the worker's converters")
          .containsExactlyInAnyOrderElementsOf(changes);
      System.out.println("checked: the same 7 changes in the bucket, written by the S3 sink");

      process.destroy(); // SIGTERM, as Ctrl-C or a service manager stops it
      boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
      assertThat(stopped)
          .as("the worker stops on SIGTERM; its log:\n%s", stopped ? "" : Files.readString(log))
          .isTrue();
      String output = Files.readString(log);
      assertThat(output)
          .as("the worker logs through log4j2 with config/connect-log4j2.properties")
          .containsPattern("(?m)^\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3}\\] INFO ")
          .contains("Kafka Connect stopped")
          .doesNotContain("SLF4J(W)", "No SLF4J providers", "StatusLogger")
          .doesNotContainPattern("\\] ERROR ");
    } finally {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutArgumentsItSaysWhatItNeedsAndExits2() throws Exception {
    LauncherRun r = LauncherRun.of(List.of("bin/ductstream-connect"), Map.of());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr().strip().lines()).hasSize(1);
    assertThat(r.stderr())
        .startsWith("ductstream-connect: no worker properties file given; usage: ")
        .contains("worker.properties [connector.properties ...]");
  }

  @Test
  void aMissingFileIsNamedAndExits2() throws Exception {
    LauncherRun worker =
        LauncherRun.of(List.of("bin/ductstream-connect", "no-such-worker.properties"), Map.of());
    assertThat(worker.exit()).isEqualTo(2);
    assertThat(worker.stderr().strip())
        .isEqualTo(
            "ductstream-connect: worker properties file not found or not readable:"
                + " no-such-worker.properties");

    LauncherRun connector =
        LauncherRun.of(
            List.of(
                "bin/ductstream-connect",
                "config/ductstream-connect.properties",
                "config/postgres-source.properties",
                "no-such-connector.properties"),
            Map.of());
    assertThat(connector.exit()).isEqualTo(2);
    assertThat(connector.stderr().strip())
        .isEqualTo(
            "ductstream-connect: connector config file not found or not readable:"
                + " no-such-connector.properties");
  }

  @Test
  void withoutJavaItSaysSoAndExits1() throws Exception {
    LauncherRun r =
        LauncherRun.of(
            List.of("bin/ductstream-connect", "config/ductstream-connect.properties"),
            Map.of("JAVA_HOME", "/nonexistent-java-home"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr().strip())
        .isEqualTo("ductstream-connect: no java found; install Java 17 or newer, or set JAVA_HOME");
  }

  @Test
  void withoutABuildItSaysHowToBuild() throws Exception {
    Path home = LauncherRun.unbuiltHome(List.of("ductstream-connect", "lib/locate.sh"));
    Path worker = Files.writeString(home.resolve("worker.properties"), "bootstrap.servers=x\n");
    LauncherRun r =
        LauncherRun.of(
            List.of(home.resolve("bin/ductstream-connect").toString(), worker.toString()),
            Map.of());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr().strip())
        .startsWith("ductstream-connect: build first: ")
        .contains("mvn -q -B package -DskipTests");
  }

  /** config/postgres-source.properties, for this test's database and topic. */
  private static Path sourceConfig(TestDatabase db, Path target) throws IOException {
    return sampleWithOverrides(
        "postgres-source.properties",
        target,
        List.of(
            "database.dsn=" + db.postgresUrl(),
            "slot.name=launcher_slot",
            "publication.name=launcher_pub",
            "table.include.list=public.items",
            "topic.prefix=launcher",
            "heartbeat.interval.ms=500"));
  }

  /** config/s3-sink.properties, for the test's S3 server, writing JSON Lines soon. */
  private static Path sinkConfig(String bucket, Path target) throws IOException {
    return sampleWithOverrides(
        "s3-sink.properties",
        target,
        List.of(
            "topics.regex=launcher\\\\..*",
            // the source creates its topic with its first record: find it soon
            "consumer.override.metadata.max.age.ms=1000",
            "s3.bucket=" + bucket,
            "s3.prefix=launcher",
            "s3.endpoint=" + S3Server.shared().endpoint(),
            "s3.path.style=true",
            "s3.region=" + S3Server.REGION,
            "s3.access.key.id=" + S3Server.ACCESS_KEY,
            "s3.secret.access.key=" + S3Server.SECRET_KEY,
            "format=json",
            "flush.size=7",
            "rotate.schedule.interval.ms=1000"));
  }

  /** A sample of config/ with the test's settings appended (the last value of a key wins). */
  private static Path sampleWithOverrides(String sample, Path target, List<String> overrides)
      throws IOException {
    List<String> lines =
        new ArrayList<>(Files.readAllLines(LauncherRun.REPO.resolve("config").resolve(sample)));
    lines.add("# the test's settings");
    lines.addAll(overrides);
    return Files.write(target, lines, StandardCharsets.UTF_8);
  }

  private static void awaitUp(ConnectRest rest, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (!rest.isUp()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "bin/ductstream-connect exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the worker's REST API did not answer in "
                + START.toSeconds()
                + " s:\n"
                + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  /** GET /connector-plugins lists our connectors and converters and the user's file connector. */
  private static void assertPluginsListed(ConnectRest rest) throws IOException {
    List<String> classes = new ArrayList<>();
    for (JsonNode plugin : JSON.readTree(rest.get("/connector-plugins?connectorsOnly=false"))) {
      classes.add(plugin.path("class").asText());
    }
    assertThat(classes)
        .as("GET /connector-plugins")
        .contains(
            "io.ductstream.source.pg.PostgresSourceConnector",
            "io.ductstream.sink.s3.S3SinkConnector",
            "io.ductstream.format.WireFormatConverter",
            "org.apache.kafka.connect.file.FileStreamSourceConnector");
  }

  /**
   * The worker's class path is connect/lib, which holds nothing of ours; the worker registered our
   * plugin directory's loader and found our classes through it.
   */
  private static void assertOurClassesLoadOnlyFromThePluginDirectory(Process process, Path log)
      throws IOException {
    String commandLine = process.info().commandLine().orElse("");
    assertThat(commandLine)
        .as("the worker's command line")
        .contains("-cp " + CONNECT_HOME.resolve("lib") + "/*")
        .contains("org.apache.kafka.connect.cli.ConnectStandalone")
        .doesNotContain("ductstream-connector", "ductstream-converters");
    try (Stream<Path> jars = Files.list(CONNECT_HOME.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .as("the worker's class path")
          .isNotEmpty()
          .noneMatch(name -> name.startsWith("ductstream"));
    }
    String classPath =
        Files.readString(log)
            .lines()
            .filter(line -> line.strip().startsWith("jvm.classpath = "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the worker logged no jvm.classpath"))
            .strip()
            .substring("jvm.classpath = ".length());
    assertThat(classPath.split(":"))
        .as("the class path the worker logged")
        .allMatch(entry -> Path.of(entry).startsWith(CONNECT_HOME.resolve("lib")))
        .noneMatch(entry -> Path.of(entry).getFileName().toString().startsWith("ductstream"));
    Path ours = onlyPluginDirectory();
    assertThat(Files.readString(log))
        .as("the worker's log of plugin loading")
        .contains("Loading plugin from: " + ours)
        .containsPattern("Registered loader: PluginClassLoader\\{pluginLocation=file:" + ours);
  }

  private static Path onlyPluginDirectory() throws IOException {
    try (Stream<Path> dirs = Files.list(PLUGINS)) {
      List<Path> all = dirs.toList();
      assertThat(all).as("plugin directories in " + PLUGINS).hasSize(1);
      return all.get(0);
    }
  }

  record Change(String op, long id, String name) {}

  /**
   * Reads {@code count} records of {@code topic} from the start, decoding key and value with our
   * WireFormatConverter (keys json, values avro, as config/ductstream-connect.properties says).
   */
  private static List<Change> readChanges(
      String topic, int count, ConnectRest rest, String connector, Process process, Path log)
      throws Exception {
    try (PluginClassLoader loader = ourPluginLoader()) {
      Converter keys = converter(loader, "json", true);
      Converter values = converter(loader, "avro", false);
      List<Change> changes = new ArrayList<>();
      Map<String, Object> config =
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              kafka.bootstrapServers(),
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
              "earliest");
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        long deadline = System.nanoTime() + ARRIVE.toNanos();
        boolean assigned = false;
        while (changes.size() < count && System.nanoTime() < deadline) {
          rest.assertNotFailed(connector);
          if (!process.isAlive()) {
            throw new AssertionError("the worker exited:\n" + Files.readString(log));
          }
          if (!assigned) {
            assigned = !consumer.partitionsFor(topic).isEmpty();
            if (assigned) {
              consumer.assign(List.of(new TopicPartition(topic, 0)));
            } else {
              Thread.sleep(200);
            }
            continue;
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            SchemaAndValue key = keys.toConnectData(topic, record.headers(), record.key());
            SchemaAndValue value = values.toConnectData(topic, record.headers(), record.value());
            changes.add(change((Struct) key.value(), (Struct) value.value()));
          }
        }
      }
      assertThat(changes)
          .as("records in " + topic + "; worker log:\n" + Files.readString(log))
          .hasSize(count);
      return changes;
    }
  }

  /** The changes in the sink's JSON Lines objects, once there are {@code count}. */
  private static List<Change> readObjects(
      String bucket, int count, ConnectRest rest, String connector, Process process, Path log)
      throws Exception {
    List<Map<String, Object>> rows = List.of();
    long deadline = System.nanoTime() + ARRIVE.toNanos();
    while (rows.size() < count && System.nanoTime() < deadline) {
      rest.assertNotFailed(connector);
      if (!process.isAlive()) {
        throw new AssertionError("the worker exited:\n" + Files.readString(log));
      }
      Thread.sleep(500);
      rows =
          ForeignReaders.rows(
              S3Server.shared().client(),
              bucket,
              "launcher/",
              "json",
              List.of("__op", "id", "name"));
    }
    assertThat(rows).as("rows in the bucket; worker log:\n" + Files.readString(log)).hasSize(count);
    List<Change> changes = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      changes.add(
          new Change(
              (String) row.get("__op"),
              Long.parseLong(String.valueOf(row.get("id"))),
              (String) row.get("name")));
    }
    return changes;
  }

  private static Change change(Struct key, Struct envelope) {
    Struct after = envelope.getStruct("after");
    return new Change(
        envelope.getString("op"),
        key.getInt64("id"),
        after == null ? null : after.getString("name"));
  }

  /**
   * A class loader over our plugin directory that isolates it as the worker does (Connect's own
   * PluginClassLoader): our classes are not on this test's class path.
   */
  private static PluginClassLoader ourPluginLoader() throws IOException {
    Path plugin = onlyPluginDirectory();
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(plugin.resolve("lib"))) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
        jars.add(jar.toUri().toURL());
      }
    }
    return new PluginClassLoader(
        plugin.toUri().toURL(), jars.toArray(URL[]::new), ConnectLauncherIT.class.getClassLoader());
  }

  private static Converter converter(ClassLoader loader, String format, boolean isKey)
      throws ReflectiveOperationException {
    Converter converter =
        (Converter)
            loader
                .loadClass("io.ductstream.format.WireFormatConverter")
                .getDeclaredConstructor()
                .newInstance();
    converter.configure(Map.of("format", format), isKey);
    return converter;
  }
}
