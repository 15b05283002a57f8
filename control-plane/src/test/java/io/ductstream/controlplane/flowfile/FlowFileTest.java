package io.ductstream.controlplane.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowState;
import io.ductstream.api.v1.WireFormat;
import org.junit.jupiter.api.Test;

class FlowFileTest {

  /** The shape of examples/flows/pg_to_kafka.json in the original DuctStream. */
  static final String BARE_FLOW =
      """
      {"name": "pg_to_kafka", "wire_format": "arrow", "parallelism": 4,
       "source": {"name": "pg-source", "type": "postgres",
                  "options": {"dsn": "postgres://user:pass@localhost:5432/app?sslmode=disable",
                              "slot": "ductstream_slot", "publication": "ductstream_pub",
                              "batch_size": "500", "batch_timeout": "1s", "create_slot": "true",
                              "format": "arrow"}},
       "destinations": [{"name": "kafka-out", "type": "kafka",
                         "options": {"brokers": "localhost:9092", "topic": "ductstream.cdc",
                                     "format": "arrow", "compression": "lz4", "acks": "all"}},
                        {"name": "lake", "type": "s3",
                         "options": {"bucket": "lake", "prefix": "cdc", "format": "parquet"}}]}
      """;

  @Test
  void bareFlowWithShortEnumNamesBecomesACreateRequest() {
    CreateFlowRequest request = FlowFile.parse(BARE_FLOW);

    assertThat(request.getStartImmediately()).isFalse();
    Flow flow = request.getFlow();
    assertThat(flow.getName()).isEqualTo("pg_to_kafka");
    assertThat(flow.getWireFormat()).isEqualTo(WireFormat.WIRE_FORMAT_ARROW);
    assertThat(flow.getParallelism()).isEqualTo(4);
    assertThat(flow.getSource().getType()).isEqualTo(EndpointType.ENDPOINT_TYPE_POSTGRES);
    assertThat(flow.getSource().getOptionsMap())
        .containsEntry("slot", "ductstream_slot")
        .containsEntry("batch_size", "500")
        .containsEntry("format", "arrow");
    assertThat(flow.getDestinationsList())
        .extracting(d -> d.getType())
        .containsExactly(EndpointType.ENDPOINT_TYPE_KAFKA, EndpointType.ENDPOINT_TYPE_S3);
    assertThat(flow.getDestinations(0).getOptionsMap()).containsEntry("acks", "all");
  }

  @Test
  void grpcurlBodyWithFullEnumNames() {
    CreateFlowRequest request =
        FlowFile.parse(
            """
            {"flow": {"name": "pg_to_s3", "wire_format": "WIRE_FORMAT_PARQUET", "state": "FLOW_STATE_CREATED",
                      "source": {"name": "pg", "type": "ENDPOINT_TYPE_POSTGRES", "options": {"slot": "s"}},
                      "destinations": [{"name": "s3", "type": "ENDPOINT_TYPE_S3",
                                        "options": {"bucket": "b"}}]},
             "start_immediately": true}
            """);

    assertThat(request.getStartImmediately()).isTrue();
    assertThat(request.getFlow().getWireFormat()).isEqualTo(WireFormat.WIRE_FORMAT_PARQUET);
    assertThat(request.getFlow().getState()).isEqualTo(FlowState.FLOW_STATE_CREATED);
    assertThat(request.getFlow().getDestinations(0).getType())
        .isEqualTo(EndpointType.ENDPOINT_TYPE_S3);
  }

  @Test
  void requestShapeAlsoTakesShortNamesAndCamelCaseFields() {
    CreateFlowRequest request =
        FlowFile.parse(
            """
            {"flow": {"name": "f", "wireFormat": "json", "state": "running",
                      "source": {"type": "Postgres"}}, "startImmediately": false}
            """);

    assertThat(request.getFlow().getWireFormat()).isEqualTo(WireFormat.WIRE_FORMAT_JSON);
    assertThat(request.getFlow().getState()).isEqualTo(FlowState.FLOW_STATE_RUNNING);
    assertThat(request.getFlow().getSource().getType())
        .isEqualTo(EndpointType.ENDPOINT_TYPE_POSTGRES);
  }

  @Test
  void shortNameMapping() {
    assertThat(FlowFile.fullEnumName(FlowState.getDescriptor(), "state", "running"))
        .isEqualTo("FLOW_STATE_RUNNING");
    assertThat(FlowFile.fullEnumName(WireFormat.getDescriptor(), "wire_format", "arrow"))
        .isEqualTo("WIRE_FORMAT_ARROW");
    assertThat(FlowFile.fullEnumName(EndpointType.getDescriptor(), "type", "postgres"))
        .isEqualTo("ENDPOINT_TYPE_POSTGRES");
    assertThat(FlowFile.fullEnumName(EndpointType.getDescriptor(), "type", "ENDPOINT_TYPE_KAFKA"))
        .isEqualTo("ENDPOINT_TYPE_KAFKA");
  }

  @Test
  void unknownEnumValueListsTheShortNames() {
    assertThatThrownBy(() -> FlowFile.parse("{\"name\": \"f\", \"source\": {\"type\": \"mysql\"}}"))
        .isInstanceOf(FlowFileException.class)
        .hasMessage(
            "\"type\": \"mysql\" is not a ductstream.v1.EndpointType; use one of postgres, snowflake, s3, kafka,"
                + " http, grpc");
  }

  @Test
  void unspecifiedIsNotAShortName() {
    assertThatThrownBy(() -> FlowFile.parse("{\"wire_format\": \"unspecified\"}"))
        .hasMessageStartingWith(
            "\"wire_format\": \"unspecified\" is not a ductstream.v1.WireFormat");
  }

  @Test
  void unknownFieldIsNamed() {
    assertThatThrownBy(() -> FlowFile.parse("{\"name\": \"f\", \"sink\": {}}"))
        .isInstanceOf(FlowFileException.class)
        .hasMessageContaining("it is not a ductstream.v1.Flow")
        .hasMessageContaining("sink");
  }

  @Test
  void notJsonIsRefused() {
    assertThatThrownBy(() -> FlowFile.parse("name: f"))
        .isInstanceOf(FlowFileException.class)
        .hasMessageStartingWith("it is not a JSON object");
  }
}
