package io.ductstream.controlplane.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonValuesTest {

  @Test
  void wholeNumbersPrintAsIntegersAndOthersAsJson() {
    String json = "{\"lsn\": 23456789, \"tx_event\": 3, \"ratio\": 0.5, \"snapshot\": \"a\\\"b\"}";

    assertThat(JsonValues.printWholeNumbers(JsonValues.parse(json, "test")))
        .isEqualTo("{\"lsn\":23456789,\"tx_event\":3,\"ratio\":0.5,\"snapshot\":\"a\\\"b\"}");
    assertThat(JsonValues.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }
}
