package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.api.v1.ConnectorConfig;
import io.ductstream.api.v1.ConnectorStatus;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.RenderConnectorConfigsRequest;
import io.ductstream.api.v1.ResumeFlowRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.UpdateFlowRequest;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.flowfile.FlowFile;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Status.Code;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With DUCTSTREAM_CONNECT_URL pointing at a real Kafka Connect worker, flow changes reach the
 * worker's connectors, the rendered configs are ones the worker accepts, and a flow to S3 writes
 * the table's rows to objects on a real S3-compatible server.
 */
class FlowConnectIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static KafkaConnectCluster connect;
  private static TestDatabase source;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    connect = KafkaConnectCluster.shared();
    source = PostgresServer.shared().createDatabase("flow_connect_source");
    source.execute(
        "CREATE TABLE public.orders (id int PRIMARY KEY, note text);"
            + " CREATE TABLE public.customers (id int PRIMARY KEY, name text);"
            + " CREATE TABLE public.events (id int PRIMARY KEY, note text, created_at timestamptz)");
    server =
        RunningApiServer.start(
            PostgresServer.shared().createDatabase("flow_connect_it"),
            Map.of(
                ServerSettings.CONNECT_URL,
                connect.restUrl(),
                ServerSettings.CONNECT_BOOTSTRAP_SERVERS,
                connect.bootstrapServers()));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Flow example(String file) throws IOException {
    return FlowFile.parse(Files.readString(FlowServiceIT.EXAMPLES.resolve(file))).getFlow();
  }

  /** The Kafka example, reading the test database and writing to the worker's own Kafka. */
  private static Flow runnableKafkaFlow(String name, String slot) throws IOException {
    Flow example = example("pg_to_kafka_avro.json");
    Endpoint kafka = example.getDestinations(0);
    return example.toBuilder()
        .setName(name)
        .setSource(
            example.getSource().toBuilder()
                .putOptions("dsn", source.postgresUrl())
                .putOptions("slot", slot)
                .putOptions("publication", slot + "_pub"))
        .setDestinations(
            0,
            kafka.toBuilder()
                .putOptions("brokers", connect.bootstrapServers())
                .putOptions("topic", name))
        .build();
  }

  @Test
  void startPauseResumeUpdateDeleteReachTheWorker() throws Exception {
    String name = connect.uniqueName("lifecycle");
    String connector = "ductstream-" + name + "-source";
    Flow created =
        server
            .flows()
            .createFlow(
                CreateFlowRequest.newBuilder()
                    .setFlow(runnableKafkaFlow(name, "connect_lifecycle"))
                    .build());
    String id = created.getId();
    assertThat(connectors()).doesNotContain(connector);

    Flow started = server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());

    assertThat(started.getState()).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(connectors()).contains(connector);
    awaitConnectorState(connector, "RUNNING");
    JsonNode config = get("/connectors/" + connector + "/config");
    assertThat(config.path("slot.name").asText()).isEqualTo("connect_lifecycle");
    assertThat(config.path("value.converter.format").asText()).isEqualTo("avro");
    assertThat(config.has("producer.override.bootstrap.servers")).isFalse();

    server.flows().pauseFlow(PauseFlowRequest.newBuilder().setFlowId(id).build());
    awaitConnectorState(connector, "PAUSED");

    server.flows().resumeFlow(ResumeFlowRequest.newBuilder().setFlowId(id).build());
    awaitConnectorState(connector, "RUNNING");

    FlowStatus status =
        server.flows().getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build());
    assertThat(status.getConnectError()).isEmpty();
    assertThat(status.getConnectorsList())
        .extracting(ConnectorStatus::getName, ConnectorStatus::getState)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(connector, "RUNNING"));
    assertThat(status.getSlot().getExists()).as(status.getSlot().getError()).isTrue();

    Flow current = server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build());
    server
        .flows()
        .updateFlow(
            UpdateFlowRequest.newBuilder()
                .setFlow(
                    current.toBuilder()
                        .setSource(current.getSource().toBuilder().putOptions("batch_size", "250")))
                .build());
    assertThat(get("/connectors/" + connector + "/config").path("max.batch.size").asText())
        .isEqualTo("250");
    assertThat(get("/connectors/" + connector + "/config").path("database.dsn").asText())
        .as("the stored password, not the mask the update sent back")
        .isEqualTo(source.postgresUrl());

    assertThat(
            server
                .flows()
                .deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(id).build())
                .getDeleted())
        .isTrue();
    assertThat(connectors()).doesNotContain(connector);
    // The slot stays when a flow is deleted (it may hold changes not yet delivered): drop it here.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> source.execute("SELECT pg_drop_replication_slot('connect_lifecycle')"));
  }

  @Test
  void startRefusedByTheWorkerLeavesTheFlowCreatedAndNoConnectorBehind() throws Exception {
    // The source connector is accepted; the sink's config is not. The control plane checks every
    // value with the connectors' own rules before it stores a flow, so what only the worker can
    // refuse is what only the worker sees: here a secret behind a config provider reference to a
    // file the worker does not have.
    String name = connect.uniqueName("refused");
    Flow example = example("pg_to_s3_parquet.json");
    Flow flow =
        example.toBuilder()
            .setName(name)
            .setDestinations(
                0,
                example.getDestinations(0).toBuilder()
                    .putOptions("access_key", "AKIAEXAMPLE")
                    .putOptions(
                        "secret_key", "${file:/nonexistent/ductstream-test/s3.properties:secret}"))
            .build();
    String id =
        server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(flow).build()).getId();

    assertFailsWith(
            Code.FAILED_PRECONDITION,
            () -> server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build()))
        .startsWith("Kafka Connect at " + connect.restUrl())
        .contains("connector ductstream-" + name + "-s3-lake")
        .contains("/nonexistent/ductstream-test/s3.properties");

    assertThat(server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build()).getState())
        .isEqualTo(FlowState.FLOW_STATE_CREATED);
    assertThat(connectors()).noneMatch(c -> c.startsWith("ductstream-" + name + "-"));
  }

  @Test
  void s3FlowWritesTheTablesRowsToParquetObjectsPartitionedByTheirTimeColumn() throws Exception {
    String name = connect.uniqueName("lake");
    String bucket = S3Server.shared().createBucket("flow-lake");
    Flow example = example("pg_to_s3_parquet.json");
    Flow flow =
        example.toBuilder()
            .setName(name)
            .setSource(
                example.getSource().toBuilder()
                    .putOptions("dsn", source.postgresUrl())
                    .putOptions("slot", "connect_lake")
                    .putOptions("publication", "connect_lake_pub")
                    .putOptions("ensure_publication", "true")
                    .putOptions("publication_tables", "public.events"))
            .setDestinations(
                0,
                example.getDestinations(0).toBuilder()
                    .putOptions("bucket", bucket)
                    .putOptions("endpoint", S3Server.shared().endpoint().toString())
                    .putOptions("force_path_style", "true")
                    .putOptions("access_key", S3Server.ACCESS_KEY)
                    .putOptions("secret_key", S3Server.SECRET_KEY)
                    .putOptions("flush_size", "2")
                    .putOptions("rotate_interval", "2s"))
            .build();
    source.execute(
        "INSERT INTO public.events VALUES (1, 'snapshotted', '2026-11-24 10:00:00+00'),"
            + " (2, 'snapshotted too', '2026-11-24 11:00:00+00')");
    String id =
        server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(flow).build()).getId();

    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());
    awaitConnectorState("ductstream-" + name + "-s3-lake", "RUNNING");
    source.execute(
        "INSERT INTO public.events VALUES (3, 'streamed', '2026-11-25 09:30:00+00'),"
            + " (4, 'streamed too', '2026-11-25 23:59:59+00')");

    Map<String, List<String>> notesByDay = new java.util.TreeMap<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              notesByDay.clear();
              notesByDay.putAll(parquetNotesByDay(bucket, "cdc/app/public/events/"));
              assertThat(notesByDay)
                  .containsOnlyKeys("year=2026/month=11/day=24", "year=2026/month=11/day=25");
              assertThat(notesByDay.values().stream().mapToInt(List::size).sum()).isEqualTo(4);
            });
    assertThat(notesByDay.get("year=2026/month=11/day=24"))
        .containsExactlyInAnyOrder("snapshotted", "snapshotted too");
    assertThat(notesByDay.get("year=2026/month=11/day=25"))
        .containsExactlyInAnyOrder("streamed", "streamed too");

    server.flows().deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(id).build());
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> source.execute("SELECT pg_drop_replication_slot('connect_lake')"));
  }

  /** The {@code note} column of every Parquet object under {@code prefix}, by partition path. */
  private static Map<String, List<String>> parquetNotesByDay(String bucket, String prefix)
      throws IOException {
    Map<String, List<String>> notes = new java.util.TreeMap<>();
    var s3 = S3Server.shared().client();
    for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (!object.key().endsWith(".parquet")) {
        continue;
      }
      String path = object.key().substring(prefix.length());
      String partition = path.substring(0, path.lastIndexOf('/'));
      byte[] data = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
      for (var row : ParquetFileReader.readAll(new BytesInputFile(data))) {
        notes
            .computeIfAbsent(partition, p -> new java.util.ArrayList<>())
            .add(((Struct) row.value()).getString("note"));
      }
    }
    return notes;
  }

  @Test
  void everyExamplesConnectorConfigsPassTheWorkersValidation() throws Exception {
    try (var files = Files.list(FlowServiceIT.EXAMPLES)) {
      for (Path file : files.sorted().toList()) {
        List<ConnectorConfig> rendered =
            server
                .flows()
                .renderConnectorConfigs(
                    RenderConnectorConfigsRequest.newBuilder()
                        .setFlow(example(file.getFileName().toString()))
                        .build())
                .getConnectorsList();
        ConnectorConfig sourceConfig = rendered.get(0);
        assertThat(sourceConfig.getName()).endsWith("-source");
        if (sourceConfig.getConfigMap().containsKey("database.dsn")) {
          assertThat(sourceConfig.getConfigMap())
              .containsEntry(
                  "database.dsn", "postgres://user:***@localhost:5432/app?sslmode=disable");
        } else {
          // quickstart.json names host, port, database and user separately
          assertThat(sourceConfig.getConfigMap())
              .containsKeys("database.hostname", "database.port", "database.user");
        }

        for (ConnectorConfig connector : rendered) {
          boolean isSource = connector == sourceConfig;
          JsonNode validation =
              send(
                  "PUT",
                  "/connector-plugins/"
                      + (isSource ? "PostgresSourceConnector" : "S3SinkConnector")
                      + "/config/validate",
                  JSON.writeValueAsString(
                      withName(unmasked(connector.getConfigMap()), connector.getName())));

          assertThat(validation.path("error_count").asInt())
              .as(file + " " + connector.getName() + ": " + errors(validation))
              .isZero();
          assertThat(validation.path("name").asText())
              .isEqualTo(
                  isSource
                      ? "io.ductstream.source.pg.PostgresSourceConnector"
                      : "io.ductstream.sink.s3.S3SinkConnector");
        }
        assertThat(rendered.size() - 1)
            .as(file + ": one S3 sink per S3 destination")
            .isEqualTo(
                (int)
                    example(file.getFileName().toString()).getDestinationsList().stream()
                        .filter(
                            d -> d.getType() == io.ductstream.api.v1.EndpointType.ENDPOINT_TYPE_S3)
                        .count());
      }
    }
  }

  /** Rendered configs mask secrets as {@code ***}; the worker checks their form, not value. */
  private static Map<String, String> unmasked(Map<String, String> config) {
    Map<String, String> plain = new java.util.HashMap<>(config);
    plain.replaceAll((k, v) -> v.equals("***") ? "secret" : v);
    return plain;
  }

  @Test
  void renderOfAStoredFlowNamesEveryConnector() throws Exception {
    String name = connect.uniqueName("render");
    Flow flow = example("pg_fanout_kafka_s3.json").toBuilder().setName(name).build();
    String id =
        server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(flow).build()).getId();

    List<ConnectorConfig> rendered =
        server
            .flows()
            .renderConnectorConfigs(
                RenderConnectorConfigsRequest.newBuilder().setFlowId(id).build())
            .getConnectorsList();

    assertThat(rendered)
        .extracting(ConnectorConfig::getName)
        .containsExactly("ductstream-" + name + "-source", "ductstream-" + name + "-s3-archive");
    assertThat(rendered.get(1).getConfigMap())
        .containsEntry("s3.secret.access.key", "***")
        .containsEntry("topics", "ductstream.fanout");
  }

  @Test
  void unreachableConnectIsUnavailableAndLeavesTheFlowAsItWas() throws Exception {
    String closed = "http://127.0.0.1:" + io.ductstream.testkit.FreePorts.next();
    try (RunningApiServer noConnect =
        RunningApiServer.start(
            PostgresServer.shared().createDatabase("flow_connect_down_it"),
            Map.of(ServerSettings.CONNECT_URL, closed))) {
      String id =
          noConnect
              .flows()
              .createFlow(
                  CreateFlowRequest.newBuilder().setFlow(FlowServiceIT.kafkaFlow("down")).build())
              .getId();

      assertFailsWith(
              Code.UNAVAILABLE,
              () ->
                  noConnect.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build()))
          .startsWith(
              "cannot reach Kafka Connect at " + closed + " for connector ductstream-down-source");
      assertThat(
              noConnect
                  .flows()
                  .getFlow(GetFlowRequest.newBuilder().setFlowId(id).build())
                  .getState())
          .isEqualTo(FlowState.FLOW_STATE_CREATED);
      assertThat(
              noConnect
                  .flows()
                  .getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build())
                  .getConnectError())
          .startsWith("cannot reach Kafka Connect at " + closed);
    }
  }

  private static Map<String, String> withName(Map<String, String> config, String name) {
    Map<String, String> named = new java.util.HashMap<>(config);
    named.put("name", name);
    return named;
  }

  private static String errors(JsonNode validation) {
    StringBuilder errors = new StringBuilder();
    validation
        .path("configs")
        .forEach(
            c -> {
              if (c.path("value").path("errors").size() > 0) {
                errors
                    .append(c.path("value").path("name").asText())
                    .append(": ")
                    .append(c.path("value").path("errors"))
                    .append("; ");
              }
            });
    return errors.toString();
  }

  private static void awaitConnectorState(String connector, String state) {
    await()
        .atMost(Duration.ofSeconds(60))
        // a connector just created may have no status yet: 404 until the worker has started it
        .ignoreExceptionsInstanceOf(IllegalStateException.class)
        .untilAsserted(
            () ->
                assertThat(
                        get("/connectors/" + connector + "/status")
                            .path("connector")
                            .path("state")
                            .asText())
                    .as(connector)
                    .isEqualTo(state));
  }

  private static List<String> connectors() throws Exception {
    List<String> names = new java.util.ArrayList<>();
    get("/connectors").forEach(n -> names.add(n.asText()));
    return names;
  }

  private static JsonNode get(String path) throws Exception {
    return JSON.readTree(connect.restGet(path));
  }

  private static JsonNode send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(connect.restUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
