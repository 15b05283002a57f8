package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.format.mapping.ConnectSchemaJson;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schema header is zlib-compressed JSON by default and plain JSON with
 * schema.header.encoding=none; every reader takes both.
 */
class SchemaHeaderEncodingTest {
  static final Struct ENVELOPE = PgTypesFixture.envelope(PgTypesFixture.typical());

  static WireFormatConverter converter(String format, String encoding) {
    Map<String, String> config = new HashMap<>();
    config.put("format", format);
    if (encoding != null) {
      config.put("schema.header.encoding", encoding);
    }
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(config, false);
    return converter;
  }

  static byte[] header(String format, String encoding, RecordHeaders headers) {
    converter(format, encoding)
        .fromConnectData("orders", headers, PgTypesFixture.ENVELOPE, ENVELOPE);
    return headers.lastHeader(WireConverterConfig.SCHEMA_HEADER).value();
  }

  @Test
  void theDefaultHeaderIsTheSchemaJsonZlibCompressedToAFractionOfItsSize() throws Exception {
    byte[] header = header("avro", null, new RecordHeaders());
    byte[] json = ConnectSchemaJson.utf8(new ConnectSchemaJson().toJson(PgTypesFixture.ENVELOPE));

    // any zlib reader (Python's zlib.decompress, Go's compress/zlib) gets the JSON back
    byte[] inflated =
        new InflaterInputStream(new java.io.ByteArrayInputStream(header)).readAllBytes();
    assertThat(inflated).isEqualTo(json);
    assertThat(header.length).isLessThan(json.length / 3);
  }

  @Test
  void noneWritesThePlainJson() {
    byte[] header = header("proto", "none", new RecordHeaders());
    assertThat(header)
        .isEqualTo(ConnectSchemaJson.utf8(new ConnectSchemaJson().toJson(PgTypesFixture.ENVELOPE)));
  }

  @ParameterizedTest
  @CsvSource({"avro,zlib,none", "avro,none,zlib", "proto,zlib,zlib", "arrow,none,none"})
  void aFreshReaderResolvesEitherEncodingWhateverItWrites(
      String format, String writes, String reads) {
    RecordHeaders headers = new RecordHeaders();
    byte[] payload =
        converter(format, writes)
            .fromConnectData("orders", headers, PgTypesFixture.ENVELOPE, ENVELOPE);
    assertThat(converter(format, reads).toConnectData("orders", headers, payload).value())
        .isEqualTo(ENVELOPE);
  }

  @Test
  void aCorruptCompressedHeaderIsAMismatchThatSaysSo() {
    RecordHeaders headers = new RecordHeaders();
    byte[] payload =
        converter("avro", null)
            .fromConnectData("orders", headers, PgTypesFixture.ENVELOPE, ENVELOPE);
    byte[] header = headers.lastHeader(WireConverterConfig.SCHEMA_HEADER).value();

    RecordHeaders truncated = new RecordHeaders();
    truncated.add(WireConverterConfig.SCHEMA_HEADER, Arrays.copyOf(header, header.length / 2));
    assertThatThrownBy(() -> converter("avro", null).toConnectData("orders", truncated, payload))
        .isInstanceOf(WireFormatMismatchException.class)
        .hasMessageContaining("schema header does not parse")
        .hasMessageContaining("zlib schema header is truncated");

    byte[] garbled = header.clone();
    for (int i = 2; i < garbled.length; i++) {
      garbled[i] ^= (byte) 0x5a;
    }
    RecordHeaders bad = new RecordHeaders();
    bad.add(WireConverterConfig.SCHEMA_HEADER, garbled);
    assertThatThrownBy(() -> converter("avro", null).toConnectData("orders", bad, payload))
        .isInstanceOf(WireFormatMismatchException.class)
        .hasMessageContaining("schema header does not parse");
  }

  @Test
  void aHeaderThatInflatesWithoutBoundIsRefused() throws Exception {
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(bomb)) {
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 20; i++) {
        out.write(spaces);
      }
    }
    assertThatThrownBy(() -> SchemaHeaderEncoding.decode(bomb.toByteArray()))
        .hasMessageContaining("inflates beyond");
  }

  @Test
  void anUnknownEncodingFailsConfigurationNamingTheSetting() {
    assertThatThrownBy(() -> converter("avro", "gzip"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.header.encoding")
        .hasMessageContaining("zlib");
  }
}
