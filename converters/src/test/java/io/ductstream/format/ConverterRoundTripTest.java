package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import io.ductstream.format.arrow.ArrowConverter;
import io.ductstream.format.json.JsonConverter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConverterRoundTripTest {

  static Stream<Arguments> cases() {
    return Stream.of(WireFormat.values())
        .flatMap(
            format ->
                PgTypesFixture.rows().stream()
                    .map(row -> Arguments.of(format, row.getInt64("id"), row)));
  }

  static Converter converter(WireFormat format) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", format.configName()), false);
    return converter;
  }

  @ParameterizedTest(name = "{0} row id={1}")
  @MethodSource("cases")
  void everyPostgresTypeRoundTripsThroughTheConverterWithTheSchemaFromTheHeader(
      WireFormat format, long id, Struct row) {
    RecordHeaders headers = new RecordHeaders();
    byte[] bytes = converter(format).fromConnectData("t", headers, PgTypesFixture.ROW, row);
    // A fresh converter knows no fingerprint: it must resolve the writer schema from the header.
    SchemaAndValue back = converter(format).toConnectData("t", headers, bytes);
    assertThat(back.schema()).isEqualTo(PgTypesFixture.ROW);
    StructAssert.assertStructEquals((Struct) back.value(), row);
  }

  @ParameterizedTest(name = "{0} row id={1}")
  @MethodSource("cases")
  void envelopeRoundTripsThroughTheSameConverterWithoutHeaders(
      WireFormat format, long id, Struct row) {
    Converter converter = converter(format);
    Struct envelope = PgTypesFixture.envelope(row);
    byte[] bytes = converter.fromConnectData("t", PgTypesFixture.ENVELOPE, envelope);
    SchemaAndValue back = converter.toConnectData("t", bytes);
    assertThat(back.schema()).isEqualTo(PgTypesFixture.ENVELOPE);
    StructAssert.assertStructEquals((Struct) back.value(), envelope);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(WireFormat.class)
  void tombstonesStayNull(WireFormat format) {
    Converter converter = converter(format);
    assertThat(converter.fromConnectData("t", PgTypesFixture.ROW, null)).isNull();
    assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(WireFormat.class)
  void keysThatAreNotStructsRoundTrip(WireFormat format) {
    Converter converter = converter(format);
    for (Schema schema :
        List.of(Schema.INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, SemanticTypes.uuid().build())) {
      Object value =
          schema.type() == Schema.Type.INT64
              ? (Object) 42L
              : "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
      byte[] bytes = converter.fromConnectData("t", schema, value);
      SchemaAndValue back = converter.toConnectData("t", bytes);
      assertThat(back.schema()).isEqualTo(schema);
      assertThat(back.value()).isEqualTo(value);
    }
  }

  @Test
  void jsonWithoutSchemasWritesPlainJsonAndReadsBackSchemalessValues() {
    JsonConverter json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "false"), false);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("id", 7L);
    value.put("tags", List.of("a", "b"));
    value.put("price", new BigDecimal("12.50"));
    value.put("nested", Map.of("ok", true));
    value.put("none", null);
    byte[] bytes = json.fromConnectData("t", null, value);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":7,\"tags\":[\"a\",\"b\"],\"price\":12.50,\"nested\":{\"ok\":true},\"none\":null}");
    SchemaAndValue back = json.toConnectData("t", bytes);
    assertThat(back.schema()).isNull();
    assertThat(back.value()).isEqualTo(value);
  }

  @Test
  void jsonWithSchemasIsKafkasEnvelopeAndKeepsSchemalessPayloads() {
    JsonConverter json = new JsonConverter();
    json.configure(Map.of(), false);
    byte[] typed = json.fromConnectData("t", Schema.INT32_SCHEMA, 5);
    assertThat(new String(typed, StandardCharsets.UTF_8))
        .isEqualTo("{\"schema\":{\"type\":\"int32\",\"optional\":false},\"payload\":5}");
    byte[] untyped = json.fromConnectData("t", null, Map.of("k", "v"));
    assertThat(json.toConnectData("t", untyped))
        .isEqualTo(new SchemaAndValue(null, Map.of("k", "v")));
  }

  @Test
  void arrowConverterReleasesAllArrowMemoryOnClose() throws Exception {
    ArrowConverter arrow = new ArrowConverter();
    arrow.configure(Map.of(), false);
    for (Struct row : PgTypesFixture.rows()) {
      byte[] bytes = arrow.fromConnectData("t", PgTypesFixture.ROW, row);
      StructAssert.assertStructEquals((Struct) arrow.toConnectData("t", bytes).value(), row);
    }
    arrow.close(); // the allocator throws if a buffer leaked
  }
}
