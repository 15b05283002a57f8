package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/ductstream-worker runs flows from Postgres to Kafka in its own process, with a real broker:
 * Kafka alone (no S3 anywhere), Kafka and S3 in one flow, a worker killed with SIGKILL during a
 * load (Kafka: every change at least once, none missing), and brokers that do not answer. The
 * records are read back from whatever topics the flow's {@code topic} names: that topic itself, or
 * the topics it prefixes ({@code <topic>.<schema>.<table>}), and decoded from the JSON wire format
 * by hand (the converters are not on this test's class path).
 */
class WorkerKafkaIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestDatabase store;
  private static FlowProcesses processes;
  private static EmbeddedKafkaCluster kafka;

  @BeforeAll
  static void start() throws Exception {
    Properties broker = new Properties();
    broker.put("auto.create.topics.enable", "true");
    broker.put("group.initial.rebalance.delay.ms", "0");
    kafka = new EmbeddedKafkaCluster(1, broker);
    kafka.start();
    store = PostgresServer.shared().createDatabase("worker_kafka_store");
    processes = new FlowProcesses(store).startServer(Map.of());
  }

  @AfterAll
  static void stop() {
    if (processes != null) {
      processes.close();
    }
    if (kafka != null) {
      kafka.stop();
    }
  }

  @Test
  void streamsToKafkaWithoutS3AndExitsOnceCaughtUp() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("wk_only");
    source.execute(
        "CREATE TABLE items (id int PRIMARY KEY, v text)",
        "INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, 100) g");
    String topic = "wk.only";
    String flowId =
        processes.createFlow(
            FlowProcesses.kafkaFlow(
                "wk_only", source, "public.items", kafka.bootstrapServers(), topic, null));

    FlowProcesses.Result first = processes.worker(120, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(first.exit()).as("worker output:\n%s%s", first.stdout(), first.stderr()).isZero();
    List<Change> snapshot = changes(topic);
    assertThat(snapshot).as("the snapshot in %s", topicsOf(topic)).hasSize(100);
    assertThat(snapshot).allMatch(c -> c.op().equals("r"));
    assertThat(snapshot.stream().map(Change::id).sorted().toList()).isEqualTo(range(1, 100));
    System.out.println("checked: 100 snapshot rows in " + topicsOf(topic));

    source.execute(
        "INSERT INTO items VALUES (101, 'new')",
        "UPDATE items SET v = 'changed' WHERE id = 5",
        "DELETE FROM items WHERE id = 7");
    FlowProcesses.Result second =
        processes.worker(120, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(second.exit()).as("worker output:\n%s%s", second.stdout(), second.stderr()).isZero();
    List<Change> all = changes(topic);
    assertThat(all.subList(100, all.size()))
        .as("the changes after the snapshot, in commit order")
        .containsExactly(
            new Change("c", 101, "new"), new Change("u", 5, "changed"), new Change("d", 7, null));
    System.out.println("checked: insert, update and delete arrived after the snapshot, in order");
  }

  /**
   * A change record of several MiB, with the broker at its default 1 MiB message limit: the worker
   * creates the flow's topic with the max.message.bytes the control plane renders (issue 17).
   */
  @Test
  void aChangeOfSeveralMebibytesArrivesThroughABrokerAtItsDefaults() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("wk_large");
    source.execute(
        "CREATE TABLE docs (id int PRIMARY KEY, v text)",
        "INSERT INTO docs SELECT 1, string_agg(md5(g::text), '') FROM generate_series(1, 100000) g");
    String topic = "wk.large";
    String flowId =
        processes.createFlow(
            FlowProcesses.kafkaFlow(
                "wk_large", source, "public.docs", kafka.bootstrapServers(), topic, null));

    FlowProcesses.Result run = processes.worker(120, "-flow-id", flowId, "-max-empty-reads", "1");

    assertThat(run.exit()).as("worker output:\n%s%s", run.stdout(), run.stderr()).isZero();
    List<Change> changes = changes(topic);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).v()).hasSize(3_200_000);
  }

  @Test
  void fansOutToKafkaAndS3WithEveryChangeInBothAndExactlyOnceInS3() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("wk_fanout");
    source.execute(
        "CREATE TABLE orders (id int PRIMARY KEY, v text)",
        "CREATE TABLE customers (id int PRIMARY KEY, v text)",
        "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 300) g",
        "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 50) g");
    String bucket = S3Server.shared().createBucket("wk-fanout");
    String topic = "wk.fanout";
    String flowId =
        processes.createFlow(
            FlowProcesses.kafkaFlow(
                "wk_fanout",
                source,
                "public.orders,public.customers",
                kafka.bootstrapServers(),
                topic,
                bucket));

    FlowProcesses.Result first = processes.worker(120, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(first.exit()).as("worker output:\n%s%s", first.stdout(), first.stderr()).isZero();
    source.execute(
        "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(301, 400) g",
        "UPDATE customers SET v = 'moved' WHERE id <= 10",
        "DELETE FROM orders WHERE id = 1");
    FlowProcesses.Result second =
        processes.worker(120, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(second.exit()).as("worker output:\n%s%s", second.stdout(), second.stderr()).isZero();

    int expected = 300 + 50 + 100 + 10 + 1;
    List<Change> inKafka = changes(topic);
    assertThat(inKafka).as("records in %s", topicsOf(topic)).hasSize(expected);
    List<String> inS3 = FlowProcesses.rows(bucket);
    assertThat(inS3).as("rows in s3://%s", bucket).hasSize(expected);
    assertThat(s3Changes(inS3))
        .as("the same changes, once each, in the bucket")
        .containsExactlyInAnyOrderElementsOf(inKafka);
    System.out.println(
        "checked: " + expected + " changes of 2 tables in Kafka and exactly once in S3");
  }

  @Test
  void killedDuringALoadKafkaGetsEveryChangeAtLeastOnce() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("wk_kill");
    source.execute("CREATE TABLE load (id bigint PRIMARY KEY, v text)");
    String topic = "wk.kill";
    String flowId =
        processes.createFlow(
            FlowProcesses.kafkaFlow(
                "wk_kill", source, "public.load", kafka.bootstrapServers(), topic, null));
    // inserts 1000-row transactions, about 5 a second, until the kills are done
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicLong loaded = new AtomicLong();
    Thread loader =
        new Thread(
            () -> {
              while (loading.get()) {
                long from = loaded.get() + 1;
                source.execute(
                    "INSERT INTO load SELECT g, md5(g::text) FROM generate_series("
                        + from
                        + ", "
                        + (from + 999)
                        + ") g");
                loaded.addAndGet(1000);
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "loader");
    Path log = processes.newLog("worker-kafka-kill");
    loader.start();
    try {
      for (int kill = 1; kill <= 2; kill++) {
        Process worker = processes.startWorker(log, "-flow-id", flowId);
        String before = checkpointLsn(flowId);
        // (a snapshot with parallel readers commits at its end: slow on a loaded machine)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        // killed once it stored a new position, so every attempt made progress
        while (!movedFrom(before, checkpointLsn(flowId))) {
          assertThat(worker.isAlive()).as("worker alive:\n%s", Files.readString(log)).isTrue();
          assertThat(System.nanoTime())
              .as("checkpoint moving from %s:\n%s", before, Files.readString(log))
              .isLessThan(deadline);
          Thread.sleep(100);
        }
        Thread.sleep(500);
        worker.destroyForcibly(); // SIGKILL
        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        System.out.println(
            "injected: SIGKILL of worker "
                + kill
                + " at checkpoint "
                + checkpointLsn(flowId)
                + " with "
                + loaded.get()
                + " rows loaded so far");
      }
    } finally {
      loading.set(false);
      loader.join(TimeUnit.SECONDS.toMillis(30));
    }
    long total = loaded.get();
    FlowProcesses.Result last = processes.worker(120, "-flow-id", flowId, "-max-empty-reads", "1");
    assertThat(last.exit()).as("last run:\n%s%s", last.stdout(), last.stderr()).isZero();

    List<Long> keys = keyIds(topic);
    Set<Long> ids = new TreeSet<>(keys);
    assertThat(keys).as("records in %s", topicsOf(topic)).hasSizeGreaterThanOrEqualTo((int) total);
    assertThat(ids).as("ids in Kafka: every one, none missing").hasSize((int) total);
    assertThat(ids).containsExactlyElementsOf(range(1, total));
    System.out.println(
        "checked: all "
            + total
            + " inserts in Kafka after 2 kills during the load ("
            + (keys.size() - total)
            + " sent again after a kill)");
  }

  @Test
  void unreachableBrokersFailTheFlowWithinAMinuteNamingThem() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("wk_down");
    source.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
    String brokers = "127.0.0.1:" + FreePorts.next(); // nothing listens there
    String flowId =
        processes.createFlow(
            FlowProcesses.kafkaFlow("wk_down", source, "public.t", brokers, "wk.down", null));

    long started = System.nanoTime();
    FlowProcesses.Result failed =
        processes.worker(150, "-flow-id", flowId, "-max-empty-reads", "1");
    double seconds = (System.nanoTime() - started) / 1e9;

    System.out.printf(
        "injected: brokers %s not listening; the worker exited in %.1f s%n", brokers, seconds);
    assertThat(failed.exit()).isEqualTo(2);
    List<String> lines = failed.stderr().strip().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .as(failed.stderr())
        .startsWith("ductstream-worker: flow \"wk_down\" failed: ")
        .contains("brokers " + brokers)
        .contains("max.block.ms=");
    System.out.println("checked: its last line: " + lines.get(lines.size() - 1));
    assertThat(seconds).as("seconds until the worker gave up").isLessThan(75);
    assertThat(checkpointLsn(flowId)).as("checkpoint").isIn(null, "0/0");
    assertThat(processes.admin("flow", "get", "-id", flowId).stdout()).contains("FAILED");
  }

  record Change(String op, long id, String v) {}

  /** The topics the flow's records went to: {@code topic} itself or the ones it prefixes. */
  private static List<String> topicsOf(String topic) throws Exception {
    Pattern flowTopics = Pattern.compile(Pattern.quote(topic) + "(\\..+)?");
    try (Admin admin = admin()) {
      return admin.listTopics().names().get().stream()
          .filter(name -> flowTopics.matcher(name).matches())
          .sorted()
          .toList();
    }
  }

  /**
   * Every record of the flow's topics from the beginning, decoded; partition by partition, each in
   * its order (one partition each, as the broker creates them, so in commit order per table).
   */
  private static List<Change> changes(String topic) throws Exception {
    List<Change> changes = new ArrayList<>();
    read(topic, record -> changes.add(decode(record)));
    return changes;
  }

  interface RecordReader {
    void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
  }

  /** Reads the flow's topics from their beginning to their end offsets now. */
  private static void read(String topic, RecordReader reader) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    try (Admin admin = admin()) {
      List<String> topics = topicsOf(topic);
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
      described.forEach(
          (name, description) ->
              description
                  .partitions()
                  .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime())
            .as("reading %s up to %s", partitions, ends)
            .isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          reader.accept(record);
        }
      }
    }
  }

  /**
   * A record in the JSON wire format: key {@code {"schema":..,"payload":{"id":..}}}, value {@code
   * {"schema":..,"payload":{"op":..,"before":..,"after":..,...}}}.
   */
  private static Change decode(ConsumerRecord<byte[], byte[]> record) throws IOException {
    JsonNode value =
        JSON.readTree(new String(record.value(), StandardCharsets.UTF_8)).path("payload");
    JsonNode after = value.path("after");
    return new Change(
        value.path("op").asText(),
        keyId(record),
        after.isObject() && after.hasNonNull("v") ? after.get("v").asText() : null);
  }

  /**
   * The {@code id} in the record's key, wherever the key holds it (the key's payload is the primary
   * key, possibly next to the table's name).
   */
  private static long keyId(ConsumerRecord<byte[], byte[]> record) throws IOException {
    JsonNode key = JSON.readTree(new String(record.key(), StandardCharsets.UTF_8)).path("payload");
    JsonNode id = key.findValue("id");
    if (id == null) {
      throw new AssertionError("no id in the key of " + record);
    }
    return id.asLong();
  }

  /** The ids in the keys of every record of the flow's topics (values left undecoded). */
  private static List<Long> keyIds(String topic) throws Exception {
    List<Long> ids = new ArrayList<>();
    read(topic, record -> ids.add(keyId(record)));
    return ids;
  }

  private static boolean movedFrom(String before, String now) {
    return now != null && !now.equals("0/0") && !now.equals(before);
  }

  /** The S3 rows (flat layout: {@code __op}, {@code __key}, the columns) as changes. */
  private static List<Change> s3Changes(List<String> rows) throws IOException {
    List<Change> changes = new ArrayList<>();
    for (String row : rows) {
      JsonNode node = JSON.readTree(row);
      String op = node.path("__op").asText();
      long id = JSON.readTree(node.path("__key").asText()).path("id").asLong();
      changes.add(
          new Change(
              op, id, op.equals("d") || node.path("v").isNull() ? null : node.path("v").asText()));
    }
    return changes;
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) kafka.bootstrapServers()));
  }

  private static String checkpointLsn(String flowId) throws Exception {
    return FlowProcesses.checkpointLsn(store, flowId);
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
