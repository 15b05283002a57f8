package io.ductstream.controlplane.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.controlplane.connect.ConnectorState;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flowfile.FlowFile;
import io.ductstream.controlplane.server.FlowMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTooLargeTest {
  private static FlowDefinition kafkaExample() throws IOException {
    return FlowMessages.fromProto(
        FlowFile.parse(
                Files.readString(Path.of("..", "examples", "flows", "pg_to_kafka_avro.json")))
            .getFlow());
  }

  private static final String TOO_LARGE =
      "org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from producer"
          + " send callback; caused by org.apache.kafka.common.errors.RecordTooLargeException: The"
          + " request included a message larger than the max message size the server will accept.";

  @Test
  void aTaskStoppedByATooLargeRecordSaysWhichSettingToRaiseOnWhichTopic() throws IOException {
    FlowDefinition flow = kafkaExample();
    ConnectorState failed =
        new ConnectorState(
            "ductstream-pg_to_kafka_avro-source",
            "RUNNING",
            "w1",
            "",
            List.of(new ConnectorState.Task(0, "FAILED", "w1", TOO_LARGE)));

    String error = RecordTooLarge.explain(failed, flow).tasks().get(0).error();

    assertThat(error)
        .startsWith("a change record is larger than Kafka accepts (" + TOO_LARGE + ")")
        .contains("topic ductstream.app with max.message.bytes=33554432")
        .contains("message.max.bytes")
        .contains("topic.creation.enable=false")
        .contains("--add-config max.message.bytes=33554432");
  }

  @Test
  void otherFailuresStayAsConnectReportsThem() throws IOException {
    FlowDefinition flow = kafkaExample();
    ConnectorState failed =
        new ConnectorState(
            "c",
            "RUNNING",
            "w1",
            "",
            List.of(new ConnectorState.Task(0, "FAILED", "w1", "ConnectException: slot in use")));

    assertThat(RecordTooLarge.explain(failed, flow)).isSameAs(failed);
  }
}
