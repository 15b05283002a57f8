package io.ductstream.controlplane.runtime;

import io.ductstream.format.WireFormatConverter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 */
final class KafkaDestination implements Destination {
  private final KafkaProducer<byte[], byte[]> producer;
  private final Converter keys = new WireFormatConverter();
  private final Converter values = new WireFormatConverter();
  private final SimpleHeaderConverter headers = new SimpleHeaderConverter();
  private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
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
    props.putAll(producerOverrides);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(props);
  }

  @Override
  public String name() {
    return "kafka destination";
  }

  @Override
  public void deliver(List<SourceRecord> records, long firstSequence) {
    failIfFailed();
    long sequence = firstSequence;
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
      long number = sequence++;
      inFlight.add(number);
      producer.send(
          new ProducerRecord<>(record.topic(), null, record.timestamp(), key, value, recordHeaders),
          (metadata, e) -> {
            if (e != null) {
              failure = e;
            } else {
              inFlight.remove(number);
            }
          });
    }
  }

  @Override
  public long durableBefore(long next) {
    failIfFailed();
    Long first = inFlight.isEmpty() ? null : inFlight.first();
    return first == null ? next : Math.min(first, next);
  }

  @Override
  public void flush() {
    producer.flush();
    failIfFailed();
  }

  @Override
  public void close() {
    producer.close();
  }

  private void failIfFailed() {
    Exception e = failure;
    if (e != null) {
      throw new FlowRunException(
          "the Kafka destination did not take a change: "
              + e.getMessage()
              + "; check that the brokers are reachable and the topic accepts the records",
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
}
