package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record's key and value converters write into the same headers: each keeps its own schema
 * header, so fresh readers (which know no fingerprint yet) decode both.
 */
class KeyAndValueHeadersTest {
  private static final Schema KEY =
      SchemaBuilder.struct().name("t.Key").field("id", Schema.INT32_SCHEMA).build();
  private static final Schema VALUE =
      SchemaBuilder.struct()
          .name("t.Value")
          .field("id", Schema.INT32_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  @ParameterizedTest
  @ValueSource(strings = {"arrow", "parquet", "avro", "proto"})
  void keyAndValueSchemaHeadersDoNotOverwriteEachOther(String format) {
    RecordHeaders headers = new RecordHeaders();
    Struct key = new Struct(KEY).put("id", 7);
    Struct value = new Struct(VALUE).put("id", 7).put("name", "seven");
    byte[] keyBytes = converter(format, true).fromConnectData("t", headers, KEY, key);
    byte[] valueBytes = converter(format, false).fromConnectData("t", headers, VALUE, value);

    SchemaAndValue keyBack = converter(format, true).toConnectData("t", headers, keyBytes);
    SchemaAndValue valueBack = converter(format, false).toConnectData("t", headers, valueBytes);

    assertThat(((Struct) keyBack.value()).getInt32("id")).isEqualTo(7);
    assertThat(((Struct) valueBack.value()).getString("name")).isEqualTo("seven");
    assertThat(headers.lastHeader(WireConverterConfig.KEY_SCHEMA_HEADER)).isNotNull();
    assertThat(headers.lastHeader(WireConverterConfig.SCHEMA_HEADER)).isNotNull();
  }

  private static WireFormatConverter converter(String format, boolean isKey) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", format), isKey);
    return converter;
  }
}
