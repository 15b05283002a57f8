package io.ductstream.controlplane.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Kafka destination makes of its settings, without a broker (nothing is sent). */
class KafkaDestinationTest {
  private static final Map<String, String> SOURCE =
      Map.of(
          "key.converter.format", "json",
          "value.converter.format", "json");

  @Test
  void acksOtherThanAllGetAProducerTheIdempotentOneWouldRefuse() {
    for (String acks : new String[] {"1", "0", "all", "-1"}) {
      assertThatCode(
              () ->
                  new KafkaDestination(
                          Map.of("bootstrap.servers", "127.0.0.1:9", "acks", acks), SOURCE)
                      .close())
          .as("acks=%s", acks)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void brokersThatAreNoAddressFailNamingThem() {
    assertThatThrownBy(
            () -> new KafkaDestination(Map.of("bootstrap.servers", "no port here"), SOURCE))
        .isInstanceOf(FlowRunException.class)
        .hasMessageContaining("brokers \"no port here\"")
        .hasMessageContaining("check the destination's brokers option");
  }

  @Test
  void itsNameCarriesTheBrokers() {
    try (KafkaDestination kafka =
        new KafkaDestination(Map.of("bootstrap.servers", "127.0.0.1:9"), SOURCE)) {
      org.assertj.core.api.Assertions.assertThat(kafka.name()).contains("127.0.0.1:9");
    }
  }
}
