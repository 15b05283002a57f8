package io.ductstream.controlplane.runtime;

import io.ductstream.format.WireFormatConverter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

/**
 * A Kafka destination: each record converted by the flow's wire format converters (as a Connect
 * worker converts a source task's records) and sent by an idempotent producer with {@code
 * acks=all}. A record is durable once the brokers acknowledged it. At least once: a replay after a
 * crash may send records again, never skips one.
 *
 * <p>Unreachable brokers fail the flow within about a minute rather than two: {@code send} waits at
 * most {@link #MAX_BLOCK} for a topic's metadata (Kafka's default {@code max.block.ms} is 60 s),
 * and a record the brokers did not acknowledge expires after {@link #DELIVERY_TIMEOUT} (Kafka's
 * default {@code delivery.timeout.ms} is 120 s); the first failure stops the flow, naming the
 * brokers and both settings. A flow whose {@code acks} is not {@code all} gets a producer without
 * idempotence, which Kafka allows only with {@code acks=all}.
 */
final class KafkaDestination implements Destination {
  static final Duration MAX_BLOCK = Duration.ofSeconds(30);
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

  /** How long closing waits for records still in flight (a drained destination has none). */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<byte[], byte[]> producer;
  private final TopicCreator topics;
  private final String brokers;
  private final String timeouts;
  private final Converter keys = new WireFormatConverter();
  private final Converter values = new WireFormatConverter();
  private final SimpleHeaderConverter headers = new SimpleHeaderConverter();

  /** What {@link #deliver} handed to the producer and the brokers did not all acknowledge yet. */
  private final Deque<Batch> unacknowledged = new ArrayDeque<>();

  private volatile Exception failure;

  /**
   * @param producerOverrides producer settings ({@code bootstrap.servers}, compression, ...)
   * @param sourceConfig the source connector's configuration, whose {@code key.converter.*} and
   *     {@code value.converter.*} settings configure the converters
   */
  KafkaDestination(Map<String, String> producerOverrides, Map<String, String> sourceConfig) {
    keys.configure(prefixed(sourceConfig, "key.converter."), true);
    values.configure(prefixed(sourceConfig, "value.converter."), false);
    headers.configure(Map.of());
    Properties props = new Properties();
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(MAX_BLOCK.toMillis()));
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(DELIVERY_TIMEOUT.toMillis()));
    props.putAll(producerOverrides);
    String acks = props.getProperty(ProducerConfig.ACKS_CONFIG).trim();
    if (!acks.equals("all") && !acks.equals("-1")) {
      // the flow asked for fewer acknowledgements: the idempotent producer refuses them
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    }
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    brokers = props.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "");
    timeouts =
        ProducerConfig.MAX_BLOCK_MS_CONFIG
            + "="
            + props.getProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG)
            + ", "
            + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG
            + "="
            + props.getProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    try {
      producer = new KafkaProducer<>(props);
      topics = new TopicCreator(props, sourceConfig);
    } catch (KafkaException e) {
      throw new FlowRunException(
          "the Kafka destination cannot create its producer for brokers \""
              + brokers
              + "\": "
              + FlowRunner.reason(e)
              + "; check the destination's brokers option (host:port,...)",
          e);
    }
  }

  @Override
  public String name() {
    return "kafka destination (brokers " + brokers + ")";
  }

  @Override
  public void deliver(List<SourceRecord> records, long firstSequence) {
    failIfFailed();
    if (records.isEmpty()) {
      return;
    }
    Batch batch = new Batch(firstSequence, records.size());
    unacknowledged.addLast(batch);
    for (SourceRecord record : records) {
      RecordHeaders recordHeaders = new RecordHeaders();
      for (Header header : record.headers()) {
        recordHeaders.add(
            header.key(),
            headers.fromConnectHeader(
                record.topic(), header.key(), header.schema(), header.value()));
      }
      byte[] key =
          keys.fromConnectData(record.topic(), recordHeaders, record.keySchema(), record.key());
      byte[] value =
          values.fromConnectData(
              record.topic(), recordHeaders, record.valueSchema(), record.value());
      try {
        topics.ensure(record.topic());
        producer.send(
            new ProducerRecord<>(
                record.topic(), null, record.timestamp(), key, value, recordHeaders),
            batch);
      } catch (KafkaException e) {
        failure = e;
      }
      // a send that waited max.block.ms for the brokers failed: the next would wait as long
      failIfFailed();
    }
  }

  @Override
  public long durableBefore(long next) {
    failIfFailed();
    Batch first = unacknowledged.peekFirst();
    while (first != null && first.pending.get() == 0) {
      unacknowledged.pollFirst();
      first = unacknowledged.peekFirst();
    }
    return first == null ? next : Math.min(first.firstSequence, next);
  }

  @Override
  public void flush() {
    failIfFailed();
    producer.flush();
    failIfFailed();
  }

  @Override
  public void close() {
    // after a failure nothing in flight will be acknowledged: the flow stops without waiting
    producer.close(failure == null ? CLOSE_TIMEOUT : Duration.ZERO);
    topics.close();
  }

  private void failIfFailed() {
    Exception e = failure;
    if (e != null) {
      throw new FlowRunException(
          "the Kafka destination (brokers "
              + brokers
              + ") did not take a change: "
              + e.getMessage()
              + "; check that the brokers are reachable and the topic exists or is created"
              + " automatically (the producer gives up after "
              + timeouts
              + ")",
          e);
    }
  }

  private static Map<String, Object> prefixed(Map<String, String> config, String prefix) {
    Map<String, Object> found = new HashMap<>();
    config.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            found.put(key.substring(prefix.length()), value);
          }
        });
    return found;
  }

  /**
   * The records of one {@link #deliver} call, sequence numbers {@code firstSequence} on, and how
   * many of them the brokers have not acknowledged yet; the producer's callback for each of them.
   */
  private final class Batch implements Callback {
    final long firstSequence;
    final AtomicInteger pending;

    Batch(long firstSequence, int count) {
      this.firstSequence = firstSequence;
      this.pending = new AtomicInteger(count);
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
      if (e != null) {
        if (failure == null) {
          failure = e;
        }
      } else {
        pending.decrementAndGet();
      }
    }
  }
}
