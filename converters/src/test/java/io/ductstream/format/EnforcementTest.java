package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.format.avro.AvroConverter;
import io.ductstream.format.json.JsonConverter;
import io.ductstream.format.proto.ProtoConverter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnforcementTest {
  static final Struct ROW = PgTypesFixture.typical();

  static WireFormatConverter converter(WireFormat format, boolean enforce) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(
        Map.of("format", format.configName(), "enforce", Boolean.toString(enforce)), false);
    return converter;
  }

  static byte[] payload(WireFormat format) {
    return converter(format, true).fromConnectData("orders", PgTypesFixture.ROW, ROW);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void everyOtherFormatsPayloadIsRejectedNamingTopicAndWhatItLooksLike(WireFormat reader) {
    for (WireFormat writer : WireFormat.values()) {
      if (writer == reader) {
        continue;
      }
      WireFormatConverter converter = converter(reader, true);
      assertThatThrownBy(
              () -> converter.toConnectData("orders", new RecordHeaders(), payload(writer)))
          .as("%s payload read as %s", writer, reader)
          .isInstanceOf(WireFormatMismatchException.class)
          .hasMessageContaining("topic \"orders\"")
          .hasMessageContaining("is not valid " + reader.configName());
      assertThat(converter.mismatchCount()).isEqualTo(1);
    }
  }

  @Test
  void wrongMagicSaysWhatThePayloadLooksLike() {
    Converter avro = converter(WireFormat.AVRO, true);
    assertThatThrownBy(() -> avro.toConnectData("orders", payload(WireFormat.PROTO)))
        .isInstanceOf(WireFormatMismatchException.class)
        .hasMessageContaining("expected magic 0xc301")
        .hasMessageContaining("looks like DuctStream proto");
    assertThatThrownBy(
            () -> avro.toConnectData("orders", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("looks like JSON");
  }

  @ParameterizedTest
  @EnumSource(
      value = WireFormat.class,
      names = {"JSON"},
      mode = EnumSource.Mode.EXCLUDE)
  void unknownFingerprintWithoutSchemaHeaderIsRejected(WireFormat format) {
    byte[] bytes = payload(format);
    WireFormatConverter fresh = converter(format, true);
    assertThatThrownBy(() -> fresh.toConnectData("orders", new RecordHeaders(), bytes))
        .isInstanceOf(WireFormatMismatchException.class)
        .hasMessageContaining("unknown schema fingerprint")
        .hasMessageContaining("no \"ductstream.schema\" header");
  }

  @Test
  void headerWhoseSchemaDoesNotMatchTheFingerprintIsRejected() {
    RecordHeaders headers = new RecordHeaders();
    byte[] bytes =
        converter(WireFormat.PROTO, true)
            .fromConnectData("orders", headers, PgTypesFixture.ROW, ROW);
    RecordHeaders other = new RecordHeaders();
    converter(WireFormat.PROTO, true)
        .fromConnectData("orders", other, PgTypesFixture.ENVELOPE, PgTypesFixture.envelope(ROW));
    assertThatThrownBy(
            () -> converter(WireFormat.PROTO, true).toConnectData("orders", other, bytes))
        .isInstanceOf(WireFormatMismatchException.class)
        .hasMessageContaining("differs from its schema header's");
  }

  @Test
  void withoutEnforcementAMismatchIsACountedDataExceptionForTheDeadLetterQueue() {
    WireFormatConverter lenient = converter(WireFormat.AVRO, false);
    for (int i = 1; i <= 3; i++) {
      assertThatThrownBy(() -> lenient.toConnectData("orders", payload(WireFormat.JSON)))
          .isInstanceOf(DataException.class)
          .isNotInstanceOf(WireFormatMismatchException.class)
          .hasMessageContaining("topic \"orders\"");
      assertThat(lenient.mismatchCount()).isEqualTo(i);
    }
    // A good payload still reads.
    RecordHeaders headers = new RecordHeaders();
    byte[] good =
        converter(WireFormat.AVRO, true)
            .fromConnectData("orders", headers, PgTypesFixture.ROW, ROW);
    assertThat(lenient.toConnectData("orders", headers, good).value()).isEqualTo(ROW);
    assertThat(lenient.mismatchCount()).isEqualTo(3);
  }

  @Test
  void callersThatKnowPartitionAndOffsetGetThemInTheError() {
    ProtoConverter proto = new ProtoConverter();
    proto.configure(Map.of(), false);
    assertThatThrownBy(
            () ->
                proto.toConnectData(
                    new RecordLocation("orders", 3, 1234L), null, payload(WireFormat.AVRO)))
        .isInstanceOfSatisfying(
            WireFormatMismatchException.class,
            e -> {
              assertThat(e.partition()).isEqualTo(3);
              assertThat(e.offset()).isEqualTo(1234L);
            })
        .hasMessageContaining("topic \"orders\" partition 3 offset 1234");
  }

  @Test
  void truncatedBodyIsAMismatchNotACrash() {
    AvroConverter avro = new AvroConverter();
    avro.configure(Map.of(), false);
    byte[] bytes = avro.fromConnectData("orders", PgTypesFixture.ROW, ROW);
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> avro.toConnectData("orders", truncated))
        .isInstanceOf(WireFormatMismatchException.class)
        .hasMessageContaining("body does not decode");
  }

  @Test
  void jsonWithSchemasExpectsTheEnvelope() {
    JsonConverter json = new JsonConverter();
    json.configure(Map.of(), false);
    assertThatThrownBy(
            () -> json.toConnectData("orders", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WireFormatMismatchException.class)
        .hasMessageContaining("schemas.enable=false");
  }
}
