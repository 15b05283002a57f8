package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.api.v1.Checkpoint;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowCheckpoint;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.GetCheckpointRequest;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.api.v1.PutCheckpointRequest;
import io.ductstream.api.v1.ResetCheckpointRequest;
import io.ductstream.api.v1.ResumeFlowRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.WireFormat;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Status.Code;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Flows on a real Kafka Connect worker, operated through the API server: the reconciler makes a
 * failed task show as a failed flow (and a recovered one as running), checkpoints follow the source
 * connector's committed offsets, and PutCheckpoint/ResetCheckpoint really move the next run.
 */
class ConnectFlowOpsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static KafkaConnectCluster connect;
  private static TestDatabase source;
  private static TestDatabase store;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    connect = KafkaConnectCluster.shared();
    source = PostgresServer.shared().createDatabase("connect_ops_source");
    source.execute(
        "CREATE TABLE public.progress (id int PRIMARY KEY, note text);"
            + " CREATE TABLE public.moved (id int PRIMARY KEY, note text);"
            + " CREATE TABLE public.lake (id int PRIMARY KEY, note text)");
    store = PostgresServer.shared().createDatabase("connect_ops_it");
    server =
        RunningApiServer.start(
            store,
            Map.of(
                ServerSettings.CONNECT_URL,
                connect.restUrl(),
                ServerSettings.CONNECT_BOOTSTRAP_SERVERS,
                connect.bootstrapServers(),
                ServerSettings.RECONCILE_INTERVAL,
                "1s"));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** A flow of one table to the worker's Kafka as JSON, so a test can read the notes back. */
  private static Flow kafkaFlow(String name, String table) {
    String slot = name.replace('-', '_');
    return Flow.newBuilder()
        .setName(name)
        .setWireFormat(WireFormat.WIRE_FORMAT_JSON)
        .setSource(
            Endpoint.newBuilder()
                .setName("pg")
                .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                .putOptions("dsn", source.postgresUrl())
                .putOptions("slot", slot)
                .putOptions("publication", slot + "_pub")
                .putOptions("ensure_publication", "true")
                .putOptions("publication_tables", "public." + table)
                .putOptions("create_slot", "true")
                .putOptions("batch_timeout", "200ms"))
        .addDestinations(
            Endpoint.newBuilder()
                .setName("kafka-out")
                .setType(EndpointType.ENDPOINT_TYPE_KAFKA)
                .putOptions("brokers", connect.bootstrapServers())
                .putOptions("topic", name)
                .putOptions("format", "json"))
        .build();
  }

  private static String createAndStart(Flow flow) {
    String id =
        server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(flow).build()).getId();
    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());
    return id;
  }

  @Test
  void checkpointFollowsTheSourceConnectorsOffsetWhileTheFlowStreams() throws Exception {
    String name = connect.uniqueName("ops-progress");
    String id = createAndStart(kafkaFlow(name, "progress"));
    connect.awaitRunning(sourceConnector(name), 1, WAIT);
    source.execute("INSERT INTO public.progress VALUES (1, 'first')");

    Checkpoint first = awaitCheckpoint(id, c -> true);
    assertThat(first.getMetadataMap()).containsEntry("runner", "connect");
    assertThat(first.getMetadataMap().get("offset"))
        .as("the committed offset as Connect reports it")
        .contains("\"lsn\":" + LogSequenceNumber.valueOf(first.getLsn()).asLong());
    System.out.println("checkpoint after the first change: " + first);

    String beforeSecond = currentWalLsn();
    source.execute("INSERT INTO public.progress VALUES (2, 'second')");
    Checkpoint advanced = awaitCheckpoint(id, c -> compare(c.getLsn(), beforeSecond) > 0);
    System.out.println(
        "checkpoint after the second change (WAL was at " + beforeSecond + "): " + advanced);
    assertThat(advanced.getTimestampUnixMillis()).isGreaterThan(first.getTimestampUnixMillis());
    assertThat(advanced.getMetadataMap().get("offset"))
        .contains("\"lsn\":" + LogSequenceNumber.valueOf(advanced.getLsn()).asLong());

    delete(id, name);
  }

  @Test
  void putForwardSkipsTheChangesBeforeItAndResetReadsTheTableAgain() throws Exception {
    String name = connect.uniqueName("ops-moved");
    String id = createAndStart(kafkaFlow(name, "moved"));
    connect.awaitRunning(sourceConnector(name), 1, WAIT);
    source.execute("INSERT INTO public.moved VALUES (1, 'before-the-put')");
    awaitNotes(name, notes -> notes.contains("before-the-put"));

    server.flows().pauseFlow(PauseFlowRequest.newBuilder().setFlowId(id).build());
    // A task still in poll() when the pause comes hands over what it read: wait for the task too.
    awaitTaskState(sourceConnector(name), "PAUSED");
    source.execute("INSERT INTO public.moved VALUES (2, 'skipped-by-the-put')");
    String target = currentWalLsn();

    FlowCheckpoint put =
        server
            .checkpoints()
            .putCheckpoint(
                PutCheckpointRequest.newBuilder()
                    .setFlowId(id)
                    .setCheckpoint(Checkpoint.newBuilder().setLsn(target))
                    .build());
    System.out.println("injected: PutCheckpoint " + target + " on the paused flow -> " + put);

    assertThat(put.getCheckpoint().getLsn()).isEqualTo(target);
    assertThat(put.getCheckpoint().getMetadataMap())
        .containsEntry("runner", "connect")
        .containsEntry("offset", "{\"lsn\":" + LogSequenceNumber.valueOf(target).asLong() + "}");
    JsonNode offsets = get("/connectors/" + sourceConnector(name) + "/offsets").path("offsets");
    assertThat(offsets).hasSize(1);
    assertThat(offsets.get(0).path("offset").path("lsn").asLong())
        .isEqualTo(LogSequenceNumber.valueOf(target).asLong());
    assertThat(offsets.get(0).path("partition").path("slot").asText())
        .isEqualTo(name.replace('-', '_'));
    awaitConnectorState(sourceConnector(name), "PAUSED");

    source.execute("INSERT INTO public.moved VALUES (3, 'after-the-put')");
    server.flows().resumeFlow(ResumeFlowRequest.newBuilder().setFlowId(id).build());
    List<String> notes = awaitNotes(name, n -> n.contains("after-the-put"));
    System.out.println("checked: the topic holds " + notes);
    assertThat(notes).doesNotContain("skipped-by-the-put").containsOnlyOnce("before-the-put");

    boolean reset =
        server
            .checkpoints()
            .resetCheckpoint(ResetCheckpointRequest.newBuilder().setFlowId(id).build())
            .getReset();
    System.out.println("injected: ResetCheckpoint on the running flow");

    assertThat(reset).isTrue();
    awaitConnectorState(sourceConnector(name), "RUNNING");
    List<String> replayed = awaitNotes(name, n -> n.contains("skipped-by-the-put"));
    System.out.println("checked: after the reset the topic holds " + replayed);
    assertThat(replayed).contains("before-the-put", "skipped-by-the-put", "after-the-put");
    assertThat(flowState(id)).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(get("/connectors/" + sourceConnector(name) + "/config").has("start.lsn"))
        .as("the reset connector does not start from the old checkpoint")
        .isFalse();

    delete(id, name);
  }

  @Test
  void putBeforeTheSlotsConfirmedPositionIsRefusedAndChangesNothing() throws Exception {
    String name = connect.uniqueName("ops-early");
    String id = createAndStart(kafkaFlow(name, "progress"));
    connect.awaitRunning(sourceConnector(name), 1, WAIT);
    String slot = name.replace('-', '_');
    String confirmed = confirmedFlushLsn(slot);

    assertFailsWith(
            Code.FAILED_PRECONDITION,
            () ->
                server
                    .checkpoints()
                    .putCheckpoint(
                        PutCheckpointRequest.newBuilder()
                            .setFlowId(id)
                            .setCheckpoint(Checkpoint.newBuilder().setLsn("0/1"))
                            .build()))
        // The slot's position moves on while the flow runs: at least where it was before the put.
        .satisfies(
            message -> {
              var matcher =
                  Pattern.compile(
                          "checkpoint\\.lsn 0/1 is before the confirmed_flush_lsn ([0-9A-F]+/[0-9A-F]+)"
                              + " of replication slot \""
                              + slot
                              + "\": Postgres no longer keeps the changes before it.*")
                      .matcher(message);
              assertThat(matcher.matches()).as(message).isTrue();
              assertThat(compare(matcher.group(1), confirmed)).isGreaterThanOrEqualTo(0);
            })
        .contains("reset the checkpoint", "pg_drop_replication_slot('" + slot + "')");
    assertThat(connectorState(sourceConnector(name))).isEqualTo("RUNNING");

    delete(id, name);
  }

  @Test
  void failedSinkTaskFailsTheFlowWithItsReasonAndARestartedTaskBringsItBack() throws Exception {
    String name = connect.uniqueName("ops-lake");
    String bucket = "ops-lake-missing-" + ProcessHandle.current().pid();
    Flow flow =
        Flow.newBuilder()
            .setName(name)
            .setWireFormat(WireFormat.WIRE_FORMAT_JSON)
            .setSource(
                kafkaFlow(name, "lake").getSource().toBuilder()
                    .putOptions("publication_tables", "public.lake"))
            .addDestinations(
                Endpoint.newBuilder()
                    .setName("lake")
                    .setType(EndpointType.ENDPOINT_TYPE_S3)
                    .putOptions("bucket", bucket)
                    .putOptions("prefix", "cdc")
                    .putOptions("region", S3Server.REGION)
                    .putOptions("format", "json")
                    .putOptions("endpoint", S3Server.shared().endpoint().toString())
                    .putOptions("force_path_style", "true")
                    .putOptions("access_key", S3Server.ACCESS_KEY)
                    .putOptions("secret_key", S3Server.SECRET_KEY)
                    .putOptions("flush_size", "1")
                    .putOptions("rotate_interval", "1s"))
            .build();
    source.execute("INSERT INTO public.lake VALUES (1, 'to a bucket that is not there')");
    System.out.println("injected: the S3 destination's bucket " + bucket + " does not exist");
    String id = createAndStart(flow);

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(flowState(id)).isEqualTo(FlowState.FLOW_STATE_FAILED));
    StateEvent failed = lastStateEvent(id);
    System.out.println("checked: flow failed with " + failed);
    assertThat(failed.from()).isEqualTo("running");
    assertThat(failed.to()).isEqualTo("failed");
    assertThat(failed.reason())
        .startsWith("failed: connector ductstream-" + name + "-s3-lake")
        .contains("FAILED on worker")
        .contains(bucket)
        .doesNotContain(S3Server.SECRET_KEY)
        .doesNotContain("\n");

    try (var s3 = S3Server.shared().client()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    send(
        "POST",
        "/connectors/ductstream-" + name + "-s3-lake/restart?includeTasks=true&onlyFailed=true");
    System.out.println(
        "injected: bucket created, failed task restarted through Connect's REST API");

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(flowState(id)).isEqualTo(FlowState.FLOW_STATE_RUNNING));
    StateEvent recovered = lastStateEvent(id);
    System.out.println("checked: flow back with " + recovered);
    assertThat(recovered.from()).isEqualTo("failed");
    assertThat(recovered.to()).isEqualTo("running");
    assertThat(recovered.reason()).startsWith("recovered");

    delete(id, name);
  }

  private record StateEvent(String from, String to, String reason) {}

  private static StateEvent lastStateEvent(String flowId) throws Exception {
    try (Connection connection = store.connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT from_state, to_state, reason FROM ductstream.flow_state_events"
                    + " WHERE flow_id = ? ORDER BY id DESC LIMIT 1")) {
      select.setString(1, flowId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return new StateEvent(rows.getString(1), rows.getString(2), rows.getString(3));
      }
    }
  }

  private static FlowState flowState(String id) {
    return server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build()).getState();
  }

  /**
   * A flow deleted (its slot dropped, as the docs say) and created again with the same name gets
   * connectors of the same names: they must not inherit the old ones' offsets, or the new flow
   * streams from the old position instead of copying its tables (review finding D5).
   */
  @Test
  void aFlowCreatedAgainWithTheNameOfADeletedOneStartsAfresh() throws Exception {
    source.execute(
        "CREATE TABLE public.recreated (id int PRIMARY KEY, note text)",
        "INSERT INTO public.recreated VALUES (1, 'there-before')");
    String name = connect.uniqueName("ops-recreate");
    String first = createAndStart(kafkaFlow(name, "recreated"));
    connect.awaitRunning(sourceConnector(name), 1, WAIT);
    source.execute("INSERT INTO public.recreated VALUES (2, 'streamed')");
    awaitCheckpoint(first, c -> !c.getLsn().isEmpty());
    awaitNotes(name, n -> n.contains("streamed"));

    delete(first, name);
    String second = createAndStart(kafkaFlow(name, "recreated"));
    connect.awaitRunning(sourceConnector(name), 1, WAIT);

    List<String> notes =
        awaitNotes(
            name, n -> n.stream().filter("there-before"::equals).count() >= 2 && n.size() >= 4);
    System.out.println("checked: the re-created flow copied the table again: " + notes);
    assertThat(notes).containsSubsequence("there-before", "streamed", "there-before", "streamed");
    delete(second, name);
  }

  private static Checkpoint awaitCheckpoint(
      String flowId, java.util.function.Predicate<Checkpoint> condition) {
    Checkpoint[] found = new Checkpoint[1];
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              found[0] =
                  server
                      .checkpoints()
                      .getCheckpoint(GetCheckpointRequest.newBuilder().setFlowId(flowId).build())
                      .getCheckpoint();
              return condition.test(found[0]);
            });
    return found[0];
  }

  /** Every {@code note} on the flow's topics, in the order read, waiting for {@code condition}. */
  private static List<String> awaitNotes(
      String topicPrefix, java.util.function.Predicate<List<String>> condition) {
    List<String> notes = new ArrayList<>();
    await().atMost(WAIT).until(() -> condition.test(readNotes(topicPrefix, notes)));
    return notes;
  }

  private static final Pattern NOTE = Pattern.compile("\"note\"\\s*:\\s*\"([^\"]*)\"");

  private static List<String> readNotes(String topicPrefix, List<String> notes) {
    notes.clear();
    Properties props = new Properties();
    props.put("bootstrap.servers", connect.bootstrapServers());
    props.put("group.id", "ops-it-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Pattern.compile(Pattern.quote(topicPrefix) + "(\\..*)?"));
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
          if (record.value() == null) {
            continue;
          }
          var matcher = NOTE.matcher(new String(record.value(), StandardCharsets.UTF_8));
          // The after image's note; a before image of a delete would come first.
          String last = null;
          while (matcher.find()) {
            last = matcher.group(1);
          }
          if (last != null) {
            notes.add(last);
          }
        }
      }
    }
    return notes;
  }

  /**
   * The WAL insert position: past every commit made so far. (The test server runs with
   * synchronous_commit=off, so pg_current_wal_lsn(), the write position, may still be before the
   * last commit.)
   */
  private static String currentWalLsn() throws Exception {
    return queryText("SELECT pg_current_wal_insert_lsn()::text");
  }

  private static String confirmedFlushLsn(String slot) throws Exception {
    return queryText(
        "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '"
            + slot
            + "'");
  }

  private static String queryText(String sql) throws Exception {
    try (Connection connection = source.connect();
        PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static int compare(String lsn, String other) {
    return Long.compareUnsigned(
        LogSequenceNumber.valueOf(lsn).asLong(), LogSequenceNumber.valueOf(other).asLong());
  }

  private static String sourceConnector(String flowName) {
    return "ductstream-" + flowName + "-source";
  }

  private static void delete(String id, String name) {
    server.flows().deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(id).build());
    String slot = name.replace('-', '_');
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> source.execute("SELECT pg_drop_replication_slot('" + slot + "')"));
  }

  private static void awaitConnectorState(String connector, String state) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(connectorState(connector)).as(connector).isEqualTo(state));
  }

  private static void awaitTaskState(String connector, String state) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode status = get("/connectors/" + connector + "/status");
              assertThat(status.path("connector").path("state").asText()).isEqualTo(state);
              assertThat(status.path("tasks")).isNotEmpty();
              status
                  .path("tasks")
                  .forEach(t -> assertThat(t.path("state").asText()).isEqualTo(state));
            });
  }

  private static String connectorState(String connector) throws Exception {
    return get("/connectors/" + connector + "/status").path("connector").path("state").asText();
  }

  private static JsonNode get(String path) throws Exception {
    return JSON.readTree(connect.restGet(path));
  }

  private static void send(String method, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(connect.restUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }
}
