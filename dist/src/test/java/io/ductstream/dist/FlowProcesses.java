package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs DuctStream as a user does, from bin/: the API server (bin/ductstream) on a store database,
 * flows created with bin/ductstream-admin from flow files, and bin/ductstream-worker processes.
 */
final class FlowProcesses implements AutoCloseable {
  static final Path REPO =
      Path.of(System.getProperty("ductstream.repo.root")).toAbsolutePath().normalize();
  private static final Pattern FLOW_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  record Result(int exit, String stdout, String stderr) {}

  private final Map<String, String> env = new HashMap<>();
  private final Path work;
  private Process server;
  private Path serverLog;
  private int port;

  FlowProcesses(TestDatabase store) throws IOException {
    env.put("DUCTSTREAM_POSTGRES_DSN", store.postgresUrl());
    work = Files.createTempDirectory("flow-processes");
  }

  /**
   * Starts bin/ductstream (again) and waits until the admin CLI reaches it; its log is appended.
   */
  FlowProcesses startServer(Map<String, String> extraEnv) throws Exception {
    port = FreePorts.next();
    env.put("DUCTSTREAM_GRPC_LISTEN", "127.0.0.1:" + port);
    serverLog = work.resolve("server.log");
    ProcessBuilder pb =
        new ProcessBuilder(REPO.resolve("bin/ductstream").toString())
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    server = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!server.isAlive()) {
        throw new AssertionError("bin/ductstream exited:\n" + Files.readString(serverLog));
      }
      if (admin("flow", "list").exit() == 0) {
        return this;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("bin/ductstream did not answer:\n" + Files.readString(serverLog));
      }
      Thread.sleep(300);
    }
  }

  /** Kills bin/ductstream with SIGKILL, as a crash would, and waits for it to be gone. */
  void killServer() throws InterruptedException {
    server.destroyForcibly();
    assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("bin/ductstream killed").isTrue();
  }

  /** The API server's address, for a gRPC client of the test's own. */
  String endpoint() {
    return "127.0.0.1:" + port;
  }

  String serverLog() throws IOException {
    return serverLog == null ? "" : Files.readString(serverLog);
  }

  /** Runs bin/ductstream-admin against the server, waiting for it. */
  Result admin(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(REPO.resolve("bin/ductstream-admin").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-endpoint", "127.0.0.1:" + port));
    return run(command, Map.of(), 60);
  }

  /** Creates a flow from the flow file's JSON; returns its id. */
  String createFlow(String flowJson) throws Exception {
    Path file = Files.createTempFile(work, "flow", ".json");
    Files.writeString(file, flowJson);
    Result created = admin("flow", "create", "-f", file.toString());
    assertThat(created.exit()).as("flow create: %s", created.stderr()).isZero();
    Matcher id = FLOW_ID.matcher(created.stdout());
    assertThat(id.find()).as("flow id in %s", created.stdout()).isTrue();
    return id.group(1);
  }

  /** Starts bin/ductstream-worker for the flow; its output goes to {@code log}. */
  Process startWorker(Path log, String... args) throws IOException {
    return startWorker(log, Map.of(), args);
  }

  /** Starts bin/ductstream-worker with more environment variables. */
  Process startWorker(Path log, Map<String, String> extraEnv, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of(REPO.resolve("bin/ductstream-worker").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    return pb.start();
  }

  /** Runs bin/ductstream-worker to its end. */
  Result worker(int timeoutSeconds, String... args) throws Exception {
    return worker(Map.of(), timeoutSeconds, args);
  }

  /** Runs bin/ductstream-worker with more environment variables to its end. */
  Result worker(Map<String, String> extraEnv, int timeoutSeconds, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(REPO.resolve("bin/ductstream-worker").toString()));
    command.addAll(List.of(args));
    return run(command, extraEnv, timeoutSeconds);
  }

  Path newLog(String name) throws IOException {
    return Files.createTempFile(work, name, ".log");
  }

  private Result run(List<String> command, Map<String, String> extraEnv, int timeoutSeconds)
      throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(REPO.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish in "
              + timeoutSeconds
              + " s:\n"
              + Files.readString(out)
              + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Override
  public void close() {
    if (server != null) {
      server.destroy();
      try {
        server.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.destroyForcibly();
    }
  }

  /** A flow file: Postgres table(s) to S3 JSON Lines objects on the test S3 server. */
  static String s3Flow(
      String name, TestDatabase source, String tables, String bucket, Map<String, String> s3Extra) {
    return flow(name, source, tables, s3Destination(bucket, s3Extra));
  }

  /**
   * A flow file: Postgres table(s) to a Kafka destination ({@code brokers}, {@code topic}) and,
   * when {@code bucket} is not null, to S3 JSON Lines objects on the test S3 server too (a
   * fan-out).
   */
  static String kafkaFlow(
      String name,
      TestDatabase source,
      String tables,
      String brokers,
      String topic,
      String bucket) {
    String kafka =
        """
        {"name": "events", "type": "ENDPOINT_TYPE_KAFKA", "options": {
          "brokers": "%s", "topic": "%s"}}"""
            .formatted(brokers, topic);
    return bucket == null
        ? flow(name, source, tables, kafka)
        : flow(name, source, tables, kafka + ", " + s3Destination(bucket, Map.of()));
  }

  /** The flow file with {@code extra} added to its source's options. */
  static String withSourceOptions(String flowJson, Map<String, String> extra) {
    StringBuilder options = new StringBuilder();
    extra.forEach(
        (k, v) -> options.append('"').append(k).append("\": \"").append(v).append("\", "));
    return flowJson.replace("\"publication_tables\"", options + "\"publication_tables\"");
  }

  /** A flow file in the JSON wire format from the source's tables to {@code destinations}. */
  private static String flow(String name, TestDatabase source, String tables, String destinations) {
    return """
        {"flow": {"name": "%s", "wire_format": "WIRE_FORMAT_JSON",
          "source": {"name": "pg", "type": "ENDPOINT_TYPE_POSTGRES", "options": {
            "dsn": "%s", "slot": "%s", "publication": "%s", "create_slot": "true",
            "ensure_publication": "true", "publication_tables": "%s"}},
          "destinations": [%s]},
         "start_immediately": false}
        """
        .formatted(name, source.postgresUrl(), name + "_slot", name + "_pub", tables, destinations);
  }

  /** An S3 destination "lake" writing JSON Lines under cdc/ to the test S3 server. */
  private static String s3Destination(String bucket, Map<String, String> s3Extra) {
    StringBuilder extra = new StringBuilder();
    s3Extra.forEach(
        (k, v) -> extra.append(", \"").append(k).append("\": \"").append(v).append('"'));
    S3Server s3 = S3Server.shared();
    return """
        {"name": "lake", "type": "ENDPOINT_TYPE_S3", "options": {
          "bucket": "%s", "prefix": "cdc", "region": "%s", "endpoint": "%s",
          "force_path_style": "true", "access_key": "%s", "secret_key": "%s",
          "format": "json"%s}}"""
        .formatted(
            bucket,
            S3Server.REGION,
            s3.endpoint(),
            S3Server.ACCESS_KEY,
            S3Server.SECRET_KEY,
            extra);
  }

  /** The LSN of the flow's checkpoint row in the store, or null when it has none. */
  static String checkpointLsn(TestDatabase store, String flowId) throws SQLException {
    try (Connection c = store.connect();
        PreparedStatement query =
            c.prepareStatement("SELECT lsn::text FROM ductstream.checkpoints WHERE flow_id = ?")) {
      query.setString(1, flowId);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Every JSON Lines row in the bucket's data objects (the index and schema objects left out); an
   * object deleted between the listing and its read is left out too.
   */
  static List<String> rows(String bucket) {
    var client = S3Server.shared().client();
    List<String> rows = new ArrayList<>();
    String token = null;
    do {
      var page =
          client.listObjectsV2(
              ListObjectsV2Request.builder().bucket(bucket).continuationToken(token).build());
      for (S3Object object : page.contents()) {
        String key = object.key();
        if (key.contains("/_index/") || key.startsWith("_index/") || !key.endsWith(".jsonl")) {
          continue;
        }
        ResponseBytes<GetObjectResponse> bytes;
        try {
          bytes =
              client.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
          // listed, then deleted before it was read: a worker that starts discards the objects
          // its killed predecessor wrote after the last checkpoint (no worker runs at the final
          // count, so this only happens while a test waits)
          continue;
        }
        for (String line : bytes.asString(StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            rows.add(line);
          }
        }
      }
      token = page.nextContinuationToken();
    } while (token != null);
    return rows;
  }
}
