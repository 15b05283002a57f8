package io.ductstream.source.pg;

import io.ductstream.testkit.KafkaConnectCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * Reads change records back from Kafka topics as Connect values, through the JSON converter the
 * test worker writes with.
 */
final class ChangeTopics implements AutoCloseable {
  /** One change as read back: key struct (or null) and envelope. */
  record Change(String topic, int partition, long offset, Struct key, Struct value) {
    String op() {
      return value.getString("op");
    }

    Struct after() {
      return value.getStruct("after");
    }

    Struct before() {
      return value.getStruct("before");
    }

    Struct source() {
      return value.getStruct("source");
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Converter keys;
  private final Converter values;
  private final List<Change> seen = new ArrayList<>();

  /** Reads with Kafka's JsonConverter (schemas enabled), the test worker's default. */
  ChangeTopics(KafkaConnectCluster cluster, String topicPattern) {
    this(cluster, topicPattern, json(true), json(false));
  }

  /** Reads with the given, configured, converters. */
  ChangeTopics(KafkaConnectCluster cluster, String topicPattern, Converter keys, Converter values) {
    this.keys = keys;
    this.values = values;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(java.util.regex.Pattern.compile(topicPattern));
  }

  /** Waits until at least {@code count} changes were read in all, and returns all read so far. */
  List<Change> await(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (seen.size() < count && System.nanoTime() < deadline) {
      readOnce(Duration.ofMillis(200));
    }
    if (seen.size() < count) {
      throw new AssertionError(
          "expected at least " + count + " changes in " + timeout + " but read " + seen.size());
    }
    return List.copyOf(seen);
  }

  /** Waits until {@code count} distinct values of {@code identity} were read; returns all read. */
  List<Change> awaitDistinct(
      int count, java.util.function.Function<Change, Object> identity, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    java.util.Set<Object> distinct = new java.util.HashSet<>();
    int counted = 0;
    while (System.nanoTime() < deadline) {
      for (; counted < seen.size(); counted++) {
        distinct.add(identity.apply(seen.get(counted)));
      }
      if (distinct.size() >= count) {
        return List.copyOf(seen);
      }
      readOnce(Duration.ofMillis(200));
    }
    throw new AssertionError(
        "expected " + count + " distinct changes in " + timeout + " but read " + distinct.size());
  }

  /** Reads for {@code quiet} more and returns everything read; for asserting nothing else came. */
  List<Change> settle(Duration quiet) {
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      readOnce(Duration.ofMillis(200));
    }
    return List.copyOf(seen);
  }

  /** The current end offset of each partition of the topic. */
  Map<Integer, Long> endOffsets(String topic) {
    List<org.apache.kafka.common.TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
            .toList();
    Map<Integer, Long> ends = new java.util.HashMap<>();
    consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp.partition(), end));
    return ends;
  }

  private static Converter json(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "true"), isKey);
    return converter;
  }

  private void readOnce(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
      SchemaAndValue key = keys.toConnectData(record.topic(), record.headers(), record.key());
      SchemaAndValue value = values.toConnectData(record.topic(), record.headers(), record.value());
      seen.add(
          new Change(
              record.topic(),
              record.partition(),
              record.offset(),
              (Struct) key.value(),
              (Struct) value.value()));
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
