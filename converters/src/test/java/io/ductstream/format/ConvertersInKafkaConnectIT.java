package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.format.avro.AvroConverter;
import io.ductstream.format.proto.ProtoConverter;
import io.ductstream.testkit.KafkaConnectCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;

/** The converters inside a real Kafka Connect worker (service-loader plugin discovery). */
class ConvertersInKafkaConnectIT {
  static final KafkaConnectCluster CLUSTER = KafkaConnectCluster.shared();

  @Test
  void workerDiscoversEveryConverterThroughTheServiceLoader() {
    String plugins = CLUSTER.restGet("/connector-plugins?connectorsOnly=false");
    for (String converter :
        List.of(
            "io.ductstream.format.WireFormatConverter",
            "io.ductstream.format.avro.AvroConverter",
            "io.ductstream.format.proto.ProtoConverter",
            "io.ductstream.format.arrow.ArrowConverter",
            "io.ductstream.format.parquet.ParquetConverter",
            "io.ductstream.format.json.JsonConverter")) {
      assertThat(plugins).contains(converter);
    }
  }

  @Test
  void sourceRecordsWrittenByTheWorkerWithAvroReadBackWithTheSchemaHeader() {
    String topic = CLUSTER.uniqueName("avro-source");
    String connector = CLUSTER.uniqueName("avro-source");
    CLUSTER.kafka().createTopic(topic, 1);
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.integration.TestableSourceConnector");
    config.put("tasks.max", "1");
    config.put("topic", topic);
    config.put("max.messages", "10");
    config.put("throughput", "100");
    config.put("value.converter", "io.ductstream.format.avro.AvroConverter");
    config.put("key.converter", "io.ductstream.format.WireFormatConverter");
    config.put("key.converter.format", "proto");
    CLUSTER.connect().configureConnector(connector, config);
    try {
      AvroConverter avro = new AvroConverter();
      avro.configure(Map.of(), false);
      ProtoConverter proto = new ProtoConverter();
      proto.configure(Map.of(), true);
      List<String> values = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : CLUSTER.kafka().consume(10, 60_000, topic)) {
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        assertThat(r.value()[0]).isEqualTo((byte) 0xC3);
        Header schema = headers.lastHeader(WireConverterConfig.SCHEMA_HEADER);
        assertThat(schema).as("schema header").isNotNull();
        SchemaAndValue value = avro.toConnectData(topic, headers, r.value());
        assertThat(value.schema().type()).isEqualTo(Schema.Type.STRING);
        values.add((String) value.value());
        if (r.key() != null) {
          assertThat(proto.toConnectData(topic, headers, r.key()).value()).isNotNull();
        }
      }
      assertThat(values).hasSize(10).allSatisfy(v -> assertThat(v).isNotEmpty());
    } finally {
      CLUSTER.connect().deleteConnector(connector);
    }
  }

  @Test
  void withoutEnforcementAForeignPayloadGoesToTheDeadLetterQueueWithItsPartitionAndOffset() {
    String topic = CLUSTER.uniqueName("avro-sink");
    String dlq = CLUSTER.uniqueName("avro-dlq");
    String connector = CLUSTER.uniqueName("avro-sink");
    CLUSTER.kafka().createTopic(topic, 1);
    RecordHeaders goodHeaders = new RecordHeaders();
    AvroConverter writer = new AvroConverter();
    writer.configure(Map.of(), false);
    byte[] good =
        writer.fromConnectData(topic, goodHeaders, PgTypesFixture.ROW, PgTypesFixture.typical());
    byte[] foreign = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = CLUSTER.kafka().createProducer(Map.of())) {
      producer.send(new ProducerRecord<>(topic, 0, (byte[]) null, good, goodHeaders));
      producer.send(new ProducerRecord<>(topic, 0, (byte[]) null, foreign));
      producer.flush();
    }
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.integration.TestableSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    config.put("value.converter", "io.ductstream.format.avro.AvroConverter");
    config.put("value.converter.enforce", "false");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    CLUSTER.connect().configureConnector(connector, config);
    try {
      List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
      CLUSTER.kafka().consume(1, 60_000, dlq).forEach(dead::add);
      assertThat(dead).hasSize(1);
      ConsumerRecord<byte[], byte[]> record = dead.get(0);
      assertThat(record.value()).isEqualTo(foreign);
      assertThat(header(record, "__connect.errors.exception.message"))
          .contains("is not valid avro")
          .contains("looks like JSON");
      assertThat(header(record, "__connect.errors.topic")).isEqualTo(topic);
      assertThat(header(record, "__connect.errors.partition")).isEqualTo("0");
      assertThat(header(record, "__connect.errors.offset")).isEqualTo("1");
    } finally {
      CLUSTER.connect().deleteConnector(connector);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as(name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
