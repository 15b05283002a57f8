package io.ductstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaConnectClusterIT {

  @Test
  void recordProducedToTheBrokerIsConsumedBack() {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    String topic = cluster.uniqueName("smoke");
    cluster.kafka().createTopic(topic, 1);
    cluster.kafka().produce(topic, "k1", "first");
    cluster.kafka().produce(topic, "k2", "second");

    List<String> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : cluster.kafka().consume(2, 30_000, topic)) {
      values.add(
          new String(r.key(), StandardCharsets.UTF_8)
              + "="
              + new String(r.value(), StandardCharsets.UTF_8));
    }
    assertThat(values).containsExactly("k1=first", "k2=second");
  }

  @Test
  void connectWorkerAnswersOnItsRestApi() {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    assertThat(cluster.connect().anyWorkersHealthy()).isTrue();
    String plugins = cluster.restGet("/connector-plugins?connectorsOnly=false");
    assertThat(plugins).contains("org.apache.kafka.connect.json.JsonConverter");
  }
}
