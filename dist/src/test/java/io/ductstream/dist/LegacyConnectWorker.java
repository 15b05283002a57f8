package io.ductstream.dist;

import io.ductstream.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An unmodified Kafka Connect worker of another Kafka version (the class path of {@code
 * compat/connect-3.9}), started as its own process in standalone mode against the test broker, with
 * our plugin archive on its {@code plugin.path}: what a user with a 3.9 cluster runs.
 */
final class LegacyConnectWorker implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final ConnectRest rest;

  private LegacyConnectWorker(Process process, Path log, ConnectRest rest) {
    this.process = process;
    this.log = log;
    this.rest = rest;
  }

  static LegacyConnectWorker start(
      Path workerLib, Path pluginPath, String bootstrapServers, Map<String, String> extraProps)
      throws IOException, InterruptedException {
    if (!Files.isDirectory(workerLib)) {
      throw new IllegalStateException(
          workerLib + " is missing: build compat/connect-3.9 first (mvn verify builds it)");
    }
    Path dir = Files.createTempDirectory("connect-legacy");
    int port = FreePorts.next();
    List<String> props = new ArrayList<>();
    props.add("bootstrap.servers=" + bootstrapServers);
    props.add("listeners=http://127.0.0.1:" + port);
    props.add("plugin.path=" + pluginPath);
    props.add("plugin.discovery=service_load");
    String group = dir.getFileName().toString();
    props.add("group.id=" + group);
    for (String store : List.of("config", "offset", "status")) {
      props.add(store + ".storage.topic=" + group + "-" + store + "s");
      props.add(store + ".storage.replication.factor=1");
    }
    props.add("offset.storage.partitions=1");
    props.add("status.storage.partitions=1");
    props.add("offset.flush.interval.ms=1000");
    props.add("key.converter=org.apache.kafka.connect.json.JsonConverter");
    props.add("value.converter=org.apache.kafka.connect.json.JsonConverter");
    extraProps.forEach((k, v) -> props.add(k + "=" + v));
    Path worker = Files.write(dir.resolve("worker.properties"), props, StandardCharsets.UTF_8);
    Path log4j =
        Files.write(
            dir.resolve("log4j.properties"),
            List.of(
                "log4j.rootLogger=INFO, file",
                "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.File=" + dir.resolve("worker.log"),
                "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.org.reflections=ERROR"),
            StandardCharsets.UTF_8);
    Path out = dir.resolve("worker.out");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Dlog4j.configuration=" + log4j.toUri(),
            "-Djava.io.tmpdir=" + dir,
            "-cp",
            workerLib.resolve("*").toString(),
            "org.apache.kafka.connect.cli.ConnectDistributed",
            worker.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    LegacyConnectWorker started =
        new LegacyConnectWorker(
            process, dir.resolve("worker.log"), new ConnectRest("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!started.rest.isUp()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String tail = started.tail() + "\n" + Files.readString(out);
        started.close();
        throw new IllegalStateException("the Kafka Connect 3.9 worker did not start:\n" + tail);
      }
      Thread.sleep(200);
    }
    return started;
  }

  ConnectRest rest() {
    return rest;
  }

  /** The last lines of the worker's log, for a failure message. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no worker log: " + e.getMessage() + ")";
    }
  }

  /** The log's tail and a thread dump of the worker, for a failure message. */
  String diagnostics() {
    StringBuilder out = new StringBuilder(tail());
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(process.pid()),
                  "Thread.print")
              .redirectErrorStream(true)
              .start();
      out.append("\nthread dump:\n").append(new String(jcmd.getInputStream().readAllBytes()));
      jcmd.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      out.append("\n(no thread dump: ").append(e.getMessage()).append(')');
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString();
  }

  /** Every log line that mentions one of {@code words}. */
  List<String> logLines(String... words) throws IOException {
    List<String> hits = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      for (String word : words) {
        if (line.contains(word)) {
          hits.add(line);
          break;
        }
      }
    }
    return hits;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
