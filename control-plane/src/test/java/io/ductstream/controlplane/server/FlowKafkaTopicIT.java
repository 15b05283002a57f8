package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.DeleteFlowRequest;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowStatus;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.StartFlowRequest;
import io.ductstream.api.v1.TaskStatus;
import io.ductstream.api.v1.WireFormat;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.format.WireFormatConverter;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetFileReader;
import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Status.Code;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flow's Kafka {@code topic} is the one topic every change goes to, keyed by table and primary
 * key, and the flow's S3 sink still writes each table under its own path; {@code topic_per_table}
 * gives one topic per table; change records of several MiB pass Kafka's 1 MiB defaults. Real
 * Postgres, Kafka Connect worker and broker (with the broker's default message.max.bytes), and
 * S3-compatible server.
 */
class FlowKafkaTopicIT {
  private static KafkaConnectCluster connect;
  private static TestDatabase source;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    connect = KafkaConnectCluster.shared();
    source = PostgresServer.shared().createDatabase("flow_topic_source");
    source.execute(
        "CREATE TABLE public.orders (id int PRIMARY KEY, note text);"
            + " CREATE TABLE public.customers (id int PRIMARY KEY, note text);"
            + " CREATE TABLE public.items (id int PRIMARY KEY, note text);"
            + " CREATE TABLE public.vendors (id int PRIMARY KEY, note text);"
            + " CREATE TABLE public.documents (id int PRIMARY KEY, note text, body bytea);"
            + " CREATE TABLE public.attachments (id int PRIMARY KEY, body bytea)");
    server =
        RunningApiServer.start(
            PostgresServer.shared().createDatabase("flow_topic_it"),
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

  /** A flow reading {@code tables} into the worker's Kafka (topic = name) and, if given, S3. */
  private static Flow flow(
      String name, String tables, Map<String, String> kafkaOptions, String bucket) {
    Endpoint.Builder kafka =
        Endpoint.newBuilder()
            .setName("kafka-out")
            .setType(EndpointType.ENDPOINT_TYPE_KAFKA)
            .putOptions("brokers", connect.bootstrapServers())
            .putOptions("topic", name)
            .putAllOptions(kafkaOptions);
    Flow.Builder flow =
        Flow.newBuilder()
            .setName(name)
            .setWireFormat(WireFormat.WIRE_FORMAT_AVRO)
            .setParallelism(3)
            .setSource(
                Endpoint.newBuilder()
                    .setName("pg")
                    .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                    .putOptions("dsn", source.postgresUrl())
                    .putOptions("slot", name.replace('-', '_'))
                    .putOptions("publication", name.replace('-', '_') + "_pub")
                    .putOptions("ensure_publication", "true")
                    .putOptions("publication_tables", tables)
                    .putOptions("status_interval", "500ms"))
            .addDestinations(kafka);
    if (bucket != null) {
      flow.addDestinations(
          Endpoint.newBuilder()
              .setName("lake")
              .setType(EndpointType.ENDPOINT_TYPE_S3)
              .putOptions("bucket", bucket)
              .putOptions("prefix", "cdc")
              .putOptions("endpoint", S3Server.shared().endpoint().toString())
              .putOptions("force_path_style", "true")
              .putOptions("access_key", S3Server.ACCESS_KEY)
              .putOptions("secret_key", S3Server.SECRET_KEY)
              .putOptions("format", "parquet")
              .putOptions("flush_size", "100")
              .putOptions("rotate_interval", "2s"));
    }
    return flow.build();
  }

  /**
   * Starts the flow and waits for its slot: changes committed after that are streamed, not read by
   * the initial snapshot.
   */
  private static String start(Flow flow) {
    String id =
        server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(flow).build()).getId();
    server.flows().startFlow(StartFlowRequest.newBuilder().setFlowId(id).build());
    String slot = flow.getSource().getOptionsOrThrow("slot");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              try (Connection c = source.connect();
                  Statement s = c.createStatement();
                  ResultSet rows =
                      s.executeQuery(
                          "SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                return rows.next();
              }
            });
    return id;
  }

  private static void delete(String id, String slot) {
    server.flows().deleteFlow(DeleteFlowRequest.newBuilder().setFlowId(id).build());
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> source.execute("SELECT pg_drop_replication_slot('" + slot + "')"));
  }

  @Test
  void theFlowsTopicHoldsEveryTableKeyedByTableAndPrimaryKeyAndS3KeepsATablePathEach()
      throws Exception {
    String name = connect.uniqueName("single");
    String bucket = S3Server.shared().createBucket("flow-single");
    source.execute("INSERT INTO public.orders VALUES (1, 'order one')");
    String id = start(flow(name, "public.orders,public.customers", Map.of(), bucket));
    source.execute(
        "INSERT INTO public.customers VALUES (1, 'customer one');"
            + " UPDATE public.orders SET note = 'order one, updated' WHERE id = 1;"
            + " INSERT INTO public.orders VALUES (2, 'order two');"
            + " UPDATE public.customers SET note = 'customer one, updated' WHERE id = 1");

    List<Change> changes = readChanges(name, 5);

    System.out.println("single topic " + name + ": " + changes);
    assertThat(topics()).contains(name).noneMatch(t -> t.startsWith(name + "."));
    assertThat(changes)
        .extracting(Change::table, Change::op, Change::id, Change::note)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("orders", "r", 1, "order one"),
            org.assertj.core.groups.Tuple.tuple("customers", "c", 1, "customer one"),
            org.assertj.core.groups.Tuple.tuple("orders", "u", 1, "order one, updated"),
            org.assertj.core.groups.Tuple.tuple("orders", "c", 2, "order two"),
            org.assertj.core.groups.Tuple.tuple("customers", "u", 1, "customer one, updated"));
    for (Change change : changes) {
      assertThat(change.keyFields()).containsExactly("__namespace", "__table", "id");
      assertThat(change.key().getString("__namespace")).isEqualTo("public");
      assertThat(change.key().getString("__table")).isEqualTo(change.table());
      assertThat(change.keySchemaName()).isEqualTo(name + ".public." + change.table() + ".Key");
    }
    // One row, one key, one partition (its changes stay in order); id 1 of two tables: two keys.
    assertThat(partitionsOf(changes, "orders", 1)).hasSize(1);
    assertThat(partitionsOf(changes, "customers", 1)).hasSize(1);
    assertThat(
            changes.stream()
                .filter(c -> c.id() == 1)
                .map(c -> Arrays.toString(c.keyBytes()))
                .distinct()
                .count())
        .isEqualTo(2);
    assertThat(partitionCount(name)).as("a partition per S3 sink task").isEqualTo(3);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Map<String, List<String>> notes = parquetNotesByTable(bucket, "cdc/");
              assertThat(notes).containsOnlyKeys("public/orders", "public/customers");
              assertThat(notes.get("public/orders"))
                  .containsExactlyInAnyOrder("order one", "order one, updated", "order two");
              assertThat(notes.get("public/customers"))
                  .containsExactlyInAnyOrder("customer one", "customer one, updated");
            });
    assertThat(parquetRows(bucket, "cdc/public/"))
        .extracting(row -> row.getString("__key"))
        .as("__key without the table, which __namespace and __table hold")
        .containsOnly("{\"id\":1}", "{\"id\":2}");
    delete(id, name.replace('-', '_'));
  }

  @Test
  void topicPerTableSendsEachTableToItsOwnTopicKeyedByItsPrimaryKey() throws Exception {
    String name = connect.uniqueName("pertable");
    String id =
        start(flow(name, "public.items,public.vendors", Map.of("topic_per_table", "true"), null));
    source.execute(
        "INSERT INTO public.items VALUES (1, 'per table item');"
            + " INSERT INTO public.vendors VALUES (1, 'per table vendor')");

    List<Change> changes = readChanges(name + "\\..*", 2, c -> true);

    // Connect delivers at least once: a task that starts twice early on may send a row again
    assertThat(changes)
        .extracting(Change::topic, Change::table, Change::note)
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(name + ".public.items", "items", "per table item"),
            org.assertj.core.groups.Tuple.tuple(
                name + ".public.vendors", "vendors", "per table vendor"));
    for (Change change : changes) {
      assertThat(change.keyFields()).containsExactly("id");
    }
    assertThat(topics()).doesNotContain(name);
    delete(id, name.replace('-', '_'));
  }

  @Test
  void aRowOfSeveralMibArrivesExactlyInKafkaAndS3UnderKafkasDefaultLimits() throws Exception {
    String name = connect.uniqueName("large");
    String bucket = S3Server.shared().createBucket("flow-large");
    assertThat(brokerDefault("message.max.bytes"))
        .as("the broker keeps Kafka's default limit")
        .isEqualTo("1048588");
    String id = start(flow(name, "public.documents", Map.of(), bucket));
    // Random hex and random bytes: nothing for a codec to shrink below the 1 MiB defaults.
    source.execute(
        "INSERT INTO public.documents SELECT 1, string_agg(md5(random()::text), ''),"
            + " decode(string_agg(md5(random()::text), ''), 'hex') FROM generate_series(1, 160000)");
    String note;
    byte[] body;
    try (Connection c = source.connect();
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery("SELECT note, body FROM public.documents WHERE id = 1")) {
      row.next();
      note = row.getString(1);
      body = row.getBytes(2);
    }
    System.out.println(
        "large row: note " + note.length() + " characters, body " + body.length + " bytes");
    assertThat(note.length() + body.length).isGreaterThan(7 * 1024 * 1024);

    Change change = readChanges(name, 1).get(0);

    assertThat(change.after().getString("note")).isEqualTo(note);
    assertThat(bytes(change.after().get("body"))).isEqualTo(body);
    assertThat(topicConfig(name, "max.message.bytes")).isEqualTo("33554432");

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              List<Struct> rows = parquetRows(bucket, "cdc/public/documents/");
              assertThat(rows).hasSize(1);
              assertThat(rows.get(0).getString("note")).isEqualTo(note);
              assertThat(bytes(rows.get(0).get("body"))).isEqualTo(body);
            });
    System.out.println("large row: Kafka and S3 hold it exactly");
    delete(id, name.replace('-', '_'));
  }

  @Test
  void aTopicThatAlreadyExistsWithKafkasDefaultLimitFailsTheFlowWithAnErrorNamingTheSetting()
      throws Exception {
    String name = connect.uniqueName("small");
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    }
    String id = start(flow(name, "public.attachments", Map.of(), null));
    source.execute(
        "INSERT INTO public.attachments SELECT 1, decode(string_agg(md5(random()::text), ''),"
            + " 'hex') FROM generate_series(1, 131072)");

    String[] error = new String[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              FlowStatus status =
                  server
                      .flows()
                      .getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build());
              TaskStatus task = status.getConnectors(0).getTasks(0);
              assertThat(task.getState()).isEqualTo("FAILED");
              error[0] = task.getError();
            });

    System.out.println("2 MiB record on a topic with Kafka's 1 MiB limit: " + error[0]);
    assertThat(error[0])
        .startsWith("a change record is larger than Kafka accepts (")
        .contains("RecordTooLargeException")
        .contains("topic " + name + " with max.message.bytes=33554432")
        .contains("--entity-name <topic> --add-config max.message.bytes=33554432");
    delete(id, name.replace('-', '_'));
  }

  @Test
  void aTopicPerTableValueOtherThanTrueOrFalseIsRefusedNamingTheOption() {
    Flow bad =
        flow(connect.uniqueName("bad"), "public.orders", Map.of("topic_per_table", "yes"), null);

    assertFailsWith(
            Code.INVALID_ARGUMENT,
            () -> server.flows().createFlow(CreateFlowRequest.newBuilder().setFlow(bad).build()))
        .contains("destinations[0].options.topic_per_table \"yes\" is not one of false, true");
  }

  /** One change as a consumer of the flow's topic decodes it with the flow's converters. */
  record Change(String topic, int partition, byte[] keyBytes, Struct key, Struct value) {
    String table() {
      return value.getStruct("source").getString("table");
    }

    String op() {
      return value.getString("op");
    }

    Struct after() {
      return value.getStruct("after");
    }

    Struct row() {
      return after() != null ? after() : value.getStruct("before");
    }

    int id() {
      return row().getInt32("id");
    }

    String note() {
      return row().getString("note");
    }

    List<String> keyFields() {
      return key.schema().fields().stream().map(f -> f.name()).toList();
    }

    String keySchemaName() {
      return key.schema().name();
    }

    @Override
    public String toString() {
      return topic + "/" + partition + " " + table() + " " + op() + " " + id();
    }
  }

  private static List<Change> readChanges(String topic, int count) {
    return readChanges(java.util.regex.Pattern.quote(topic), count, c -> true);
  }

  private static List<Change> readChanges(
      String topicPattern, int count, java.util.function.Predicate<Change> wanted) {
    WireFormatConverter keys = converter(true);
    WireFormatConverter values = converter(false);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
    List<Change> changes = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(java.util.regex.Pattern.compile(topicPattern));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (changes.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          SchemaAndValue key = keys.toConnectData(record.topic(), record.headers(), record.key());
          SchemaAndValue value =
              values.toConnectData(record.topic(), record.headers(), record.value());
          Change change =
              new Change(
                  record.topic(),
                  record.partition(),
                  record.key(),
                  (Struct) key.value(),
                  (Struct) value.value());
          if (wanted.test(change)) {
            changes.add(change);
          }
        }
      }
    }
    assertThat(changes).as("changes read from " + topicPattern).hasSizeGreaterThanOrEqualTo(count);
    return changes;
  }

  private static WireFormatConverter converter(boolean isKey) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", "avro"), isKey);
    return converter;
  }

  private static Set<Integer> partitionsOf(List<Change> changes, String table, int id) {
    Set<Integer> partitions = new TreeSet<>();
    changes.stream()
        .filter(c -> c.table().equals(table) && c.id() == id)
        .forEach(c -> partitions.add(c.partition()));
    return partitions;
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers()));
  }

  private static Set<String> topics() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    }
  }

  private static int partitionCount(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  private static String topicConfig(String topic, String key) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = admin()) {
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      return config.get(key).value();
    }
  }

  private static String brokerDefault(String key) throws Exception {
    try (Admin admin = admin()) {
      String broker = admin.describeCluster().nodes().get().iterator().next().idString();
      ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
      return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
    }
  }

  private static byte[] bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      byte[] copy = new byte[buffer.remaining()];
      buffer.duplicate().get(copy);
      return copy;
    }
    return (byte[]) value;
  }

  /** The {@code note} column of every Parquet object under {@code prefix}, by table path. */
  private static Map<String, List<String>> parquetNotesByTable(String bucket, String prefix)
      throws Exception {
    Map<String, List<String>> notes = new TreeMap<>();
    var s3 = S3Server.shared().client();
    for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (!object.key().endsWith(".parquet")) {
        continue;
      }
      String path = object.key().substring(prefix.length());
      String table = path.substring(0, path.lastIndexOf('/'));
      byte[] data = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
      for (var row : ParquetFileReader.readAll(new BytesInputFile(data))) {
        notes
            .computeIfAbsent(table, t -> new ArrayList<>())
            .add(((Struct) row.value()).getString("note"));
      }
    }
    return notes;
  }

  private static List<Struct> parquetRows(String bucket, String prefix) throws Exception {
    List<Struct> rows = new ArrayList<>();
    var s3 = S3Server.shared().client();
    for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (object.key().endsWith(".parquet")) {
        byte[] data = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray();
        for (var row : ParquetFileReader.readAll(new BytesInputFile(data))) {
          rows.add((Struct) row.value());
        }
      }
    }
    return rows;
  }
}
