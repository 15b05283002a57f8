package io.ductstream.controlplane.flow;

import static io.ductstream.controlplane.flow.FlowValidatorTest.flow;
import static io.ductstream.controlplane.flow.FlowValidatorTest.kafka;
import static io.ductstream.controlplane.flow.FlowValidatorTest.postgres;
import static io.ductstream.controlplane.flow.FlowValidatorTest.s3;
import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.format.WireFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireFormatPolicyTest {
  private final WireFormatPolicy policy = new WireFormatPolicy(WireFormat.JSON, true);

  @Test
  void destinationFormatWinsOverFlowFormatWhichWinsOverTheServerDefault() {
    Endpoint lake = s3("lake", Map.of("bucket", "b", "format", "parquet"));
    Endpoint plain = s3("plain", Map.of("bucket", "b"));
    FlowDefinition flow = flow("f", postgres(Map.of()), List.of(lake, plain));
    FlowDefinition avro =
        new FlowDefinition(
            "",
            "f",
            flow.source(),
            flow.destinations(),
            FlowState.CREATED,
            Optional.of(WireFormat.AVRO),
            1,
            flow.createdAt(),
            flow.updatedAt());

    assertThat(policy.fileFormat(flow, lake)).isEqualTo("parquet");
    assertThat(policy.fileFormat(flow, plain)).isEqualTo("json");
    assertThat(policy.fileFormat(avro, plain)).isEqualTo("avro");
    assertThat(policy.topicFormat(flow)).isEqualTo("json");
    assertThat(policy.topicFormat(avro)).isEqualTo("avro");
  }

  @Test
  void topicFormatIsTheKafkaDestinationsThenTheSources() {
    FlowDefinition sourceOnly =
        flow(
            "f",
            postgres(Map.of("format", "proto")),
            List.of(s3("l", Map.of("format", "parquet"))));
    FlowDefinition withKafka =
        flow("f", postgres(Map.of("format", "proto")), List.of(kafka(Map.of("format", "avro"))));

    assertThat(policy.topicFormat(sourceOnly)).isEqualTo("proto");
    assertThat(policy.topicFormat(withKafka)).isEqualTo("avro");
  }
}
