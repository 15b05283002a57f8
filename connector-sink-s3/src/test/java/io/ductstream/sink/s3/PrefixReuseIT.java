package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.S3Server;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Object names depend only on topic, partition and offset: a topic deleted and re-created (its
 * offsets start again at 0) or a second connector on a used prefix must stop the task, never
 * overwrite the objects already written; a raised s3.generation writes beside them.
 */
class PrefixReuseIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long T0 = 1_764_000_000_000L;

  private static KafkaConnectCluster cluster;
  private static String bucket;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    cluster = KafkaConnectCluster.shared();
    bucket = S3Server.shared().createBucket("prefix-reuse");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void aReCreatedTopicStopsTheTaskUntilANewGenerationWritesBesideTheOldObjects() throws Exception {
    String name = cluster.uniqueName("sink-recreated");
    cluster.kafka().createTopic(name, 1);
    Map<String, String> props = SinkConnectors.config(name, bucket, name);
    props.put("format", "json");
    props.put("flush.size", "2");
    SinkConnectors.start(cluster, name, props);
    List<Struct> first = List.of(insert(1), insert(2));
    SinkConnectors.produce(cluster, name, first);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, name + "/public/").size() == 2);
    Map<String, String> before = objects(name + "/public/");

    cluster.connect().deleteConnector(name);
    cluster.kafka().deleteTopic(name);
    await().atMost(WAIT).ignoreExceptions().until(() -> recreate(name));
    List<Struct> second = List.of(insert(11), insert(12));
    SinkConnectors.produce(cluster, name, second);
    cluster.connect().configureConnector(name, props);
    String trace = failedTaskTrace(name);
    System.out.println(
        "injected: topic "
            + name
            + " deleted and re-created; checked: the task failed with\n"
            + trace.lines().findFirst().orElse(""));
    assertThat(trace)
        .contains("topic " + name + " partition 0: the record at offset 0")
        .contains("deleted and re-created")
        .contains("s3.generation");
    assertThat(objects(name + "/public/")).as("the first topic's objects").isEqualTo(before);

    props.put("s3.generation", "1");
    cluster.connect().configureConnector(name, props);
    cluster.connect().restartConnectorAndTasks(name, false, true, false);
    String generation = name + "/generation=1/";
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, generation).size() == 2);
    assertThat(BucketContents.ids(BucketContents.values(s3, bucket, generation)))
        .containsExactly(11L, 12L);
    assertThat(BucketContents.keys(s3, bucket, generation + "public/orders/"))
        .contains(generation + "public/orders/" + name + "+0+00000000000000000000.jsonl");
    assertThat(objects(name + "/public/")).as("the first topic's objects").isEqualTo(before);
    System.out.println("checked: generation=1 holds records 11, 12; the first objects unchanged");
    cluster.connect().deleteConnector(name);
  }

  @Test
  void aSecondConnectorWritingTheSameTopicUnderAUsedPrefixIsRefusedNamingTheFix() throws Exception {
    String owner = cluster.uniqueName("sink-owner");
    cluster.kafka().createTopic(owner, 1);
    Map<String, String> props = SinkConnectors.config(owner, bucket, owner);
    props.put("format", "json");
    props.put("flush.size", "1");
    SinkConnectors.start(cluster, owner, props);
    SinkConnectors.produce(cluster, owner, List.of(insert(1)));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, owner + "/public/").size() == 1);
    Map<String, String> before = objects(owner + "/public/");

    String second = cluster.uniqueName("sink-second");
    cluster.connect().configureConnector(second, props);
    String trace = failedTaskTrace(second);
    System.out.println("checked: " + trace.lines().findFirst().orElse(""));
    assertThat(trace)
        .contains(
            "topic "
                + owner
                + " partition 0 under this s3.prefix belongs to the connector \""
                + owner
                + "\"")
        .contains("Set s3.prefix to a prefix of its own");
    assertThat(objects(owner + "/public/")).isEqualTo(before);
    // the refused connector took nothing from the owner (not its partition's lease): it goes on
    SinkConnectors.produce(cluster, owner, List.of(insert(2)));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> BucketContents.values(s3, bucket, owner + "/public/").size() == 2);
    cluster.connect().deleteConnector(second);
    cluster.connect().deleteConnector(owner);
  }

  /** Waits until the connector's one task has failed; its stack trace. */
  private static String failedTaskTrace(String connector) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              ConnectorStateInfo status = cluster.connect().connectorStatus(connector);
              ConnectorStateInfo.TaskState task = status.tasks().get(0);
              return "FAILED".equals(task.state()) ? task.trace() : null;
            },
            java.util.Objects::nonNull);
  }

  private static Struct insert(long id) {
    return Envelopes.insert(id, "eu", "note " + id, T0 + id);
  }

  private static boolean recreate(String topic) {
    cluster.kafka().createTopic(topic, 1);
    return true;
  }

  /** Every object below {@code prefix} with its body. */
  private static Map<String, String> objects(String prefix) {
    Map<String, String> objects = new TreeMap<>();
    for (String key : BucketContents.keys(s3, bucket, prefix)) {
      objects.put(key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
    }
    return new HashMap<>(objects);
  }
}
