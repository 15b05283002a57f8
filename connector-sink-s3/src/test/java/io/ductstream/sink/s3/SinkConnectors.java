package io.ductstream.sink.s3;

import io.ductstream.testkit.KafkaConnectCluster;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/** Starts sink connectors on the test worker and feeds their topics. */
final class SinkConnectors {
  private SinkConnectors() {}

  /** A sink connector config reading {@code topic} into the test kit's S3 server. */
  static Map<String, String> config(String topic, String bucket, String prefix) {
    Map<String, String> props = TaskHarness.props(bucket, prefix);
    props.put("connector.class", S3SinkConnector.class.getName());
    props.put("tasks.max", "1");
    props.put("topics", topic);
    return props;
  }

  static void start(KafkaConnectCluster cluster, String name, Map<String, String> props)
      throws InterruptedException {
    cluster.connect().configureConnector(name, props);
    cluster
        .connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(name, 1, "sink connector did not start");
  }

  /** Writes change envelopes to {@code topic} as Kafka's JsonConverter (with schemas) does. */
  static void produce(KafkaConnectCluster cluster, String topic, List<Struct> values) {
    Converter json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "true"), false);
    produce(cluster, topic, values, json);
  }

  /** Writes values to {@code topic} through a configured value converter, headers included. */
  static void produce(
      KafkaConnectCluster cluster, String topic, List<Struct> values, Converter converter) {
    try (KafkaProducer<byte[], byte[]> producer = cluster.kafka().createProducer(Map.of())) {
      for (Struct value : values) {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = converter.fromConnectData(topic, headers, value.schema(), value);
        producer.send(new ProducerRecord<byte[], byte[]>(topic, 0, null, null, bytes, headers));
      }
      producer.flush();
    }
  }
}
