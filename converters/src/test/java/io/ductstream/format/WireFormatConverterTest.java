package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WireFormatConverterTest {

  @Test
  void formatNamesParseCaseInsensitively() {
    assertThat(WireFormat.parse("Parquet")).isEqualTo(WireFormat.PARQUET);
    assertThat(WireFormat.parse(" avro ")).isEqualTo(WireFormat.AVRO);
    assertThat(WireFormat.names()).isEqualTo("arrow | parquet | avro | proto | json");
  }

  @Test
  void unknownFormatIsAConfigErrorNamingTheKeyAndTheChoices() {
    WireFormatConverter converter = new WireFormatConverter();
    assertThatThrownBy(() -> converter.configure(Map.of("format", "csv"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("format")
        .hasMessageContaining("\"csv\"")
        .hasMessageContaining("arrow | parquet | avro | proto | json");
  }
}
