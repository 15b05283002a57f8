package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ductstream.format.arrow.ArrowConverter;
import io.ductstream.format.mapping.ConnectSchemaJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * No single record may take a task or its worker down: every malformed or hostile payload yields a
 * DataException (Connect's error handling and dead letter queue take it, with enforce=false), never
 * an Error, an out-of-memory or a hang. A seeded generator mutates real payloads of every format;
 * the attacks the security review found are pinned one by one.
 */
class HostilePayloadsTest {
  private static final long SEED = 20261202L;
  private static final int MUTANTS = 400;

  @BeforeAll
  static void quietMismatchWarnings() {
    // Each fresh reader logs its first mismatch at WARN: thousands of lines here.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(MismatchPolicy.class))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void mutatedPayloadsDecodeOrFailWithADataException(WireFormat format) {
    WireFormatConverter writer = EnforcementTest.converter(format, false);
    RecordHeaders headers = new RecordHeaders();
    byte[] valid = writer.fromConnectData("t", headers, PgTypesFixture.ROW, EnforcementTest.ROW);
    Random random = new Random(SEED + format.ordinal());
    int[] outcomes = new int[2];
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(valid, random);
            // A fresh reader each time: nothing cached from a valid payload helps it.
            WireFormatConverter reader = EnforcementTest.converter(format, false);
            try {
              SchemaAndValue decoded = reader.toConnectData("t", copy(headers), mutant);
              assertThat(decoded).isNotNull();
              outcomes[0]++;
            } catch (DataException expected) {
              outcomes[1]++;
            }
          }
        },
        format + ": a mutated payload hung the converter");
    System.out.println(
        "checked: "
            + format
            + ": "
            + MUTANTS
            + " mutated payloads, "
            + outcomes[0]
            + " decoded, "
            + outcomes[1]
            + " DataExceptions, no Error, no hang");
    assertThat(outcomes[1]).as("most mutants are refused").isPositive();
  }

  @Test
  void anArrowMessageClaimingGigabytesIsRefusedBeforeAnythingIsAllocated() {
    WireFormatConverter writer = EnforcementTest.converter(WireFormat.ARROW, false);
    RecordHeaders headers = new RecordHeaders();
    byte[] valid = writer.fromConnectData("t", headers, PgTypesFixture.ROW, EnforcementTest.ROW);
    int metadataAt = FramedConverter.FRAME_BYTES + 4; // after the continuation marker
    byte[] hugeMetadata = valid.clone();
    ByteBuffer.wrap(hugeMetadata).order(ByteOrder.LITTLE_ENDIAN).putInt(metadataAt, 0x7fff_fff0);
    assertThatThrownBy(() -> reader(WireFormat.ARROW).toConnectData("t", headers, hugeMetadata))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("declares 2147483632 bytes of metadata");
    byte[] truncatedBody = Arrays.copyOf(valid, valid.length - 8);
    assertThatThrownBy(() -> reader(WireFormat.ARROW).toConnectData("t", headers, truncatedBody))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("declares a body of");
  }

  @Test
  void aParquetPayloadThatIsCompressedOrLargerThanItselfIsRefusedFromItsFooter() throws Exception {
    WireFormatConverter writer = EnforcementTest.converter(WireFormat.PARQUET, false);
    RecordHeaders headers = new RecordHeaders();
    byte[] valid = writer.fromConnectData("t", headers, PgTypesFixture.ROW, EnforcementTest.ROW);
    assertThat(reader(WireFormat.PARQUET).toConnectData("t", headers, valid).value())
        .isEqualTo(EnforcementTest.ROW);

    // the same row, written with a compression codec (a page may then inflate to any size)
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    file.write(valid, 0, FramedConverter.FRAME_BYTES);
    try (io.ductstream.format.parquet.ParquetBatchWriter compressed =
        new io.ductstream.format.parquet.ParquetBatchWriter(
            PgTypesFixture.ROW,
            new io.ductstream.format.parquet.StreamOutputFile(file),
            BatchWriterOptions.defaults().withCodec(BatchWriterOptions.Codec.GZIP))) {
      compressed.write(EnforcementTest.ROW);
    }
    assertThatThrownBy(
            () -> reader(WireFormat.PARQUET).toConnectData("t", headers, file.toByteArray()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("is compressed with GZIP; a Parquet record payload is uncompressed");
  }

  @Test
  void anAvroArrayOfEmptyStructsCannotDeclare2To62Items() {
    Schema empty = SchemaBuilder.struct().name("Empty").build();
    Schema schema =
        SchemaBuilder.struct().name("Hostile").field("items", SchemaBuilder.array(empty)).build();
    WireFormatConverter writer = EnforcementTest.converter(WireFormat.AVRO, false);
    RecordHeaders headers = new RecordHeaders();
    byte[] valid =
        writer.fromConnectData(
            "t", headers, schema, new Struct(schema).put("items", java.util.List.of()));
    // The body of an empty array is one zero byte (block count 0); replace it with a block of 2^62
    // items (which take no bytes) followed by the end of the array.
    byte[] zigzag = zigzag(1L << 62);
    byte[] hostile = new byte[FramedConverter.FRAME_BYTES + zigzag.length + 1];
    System.arraycopy(valid, 0, hostile, 0, FramedConverter.FRAME_BYTES);
    System.arraycopy(zigzag, 0, hostile, FramedConverter.FRAME_BYTES, zigzag.length);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> reader(WireFormat.AVRO).toConnectData("t", headers, hostile))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("items of a type without fields"));
  }

  @Test
  void aJsonDecimalWithAHugeExponentIsRefusedWithoutRescalingIt() {
    Schema schema =
        SchemaBuilder.struct()
            .name("Hostile")
            .field("amount", org.apache.kafka.connect.data.Decimal.schema(2))
            .build();
    String schemaJson = new ConnectSchemaJson().toJson(schema);
    for (String number : new String[] {"1e600000000", "1e-600000000"}) {
      byte[] payload =
          ("{\"schema\":" + schemaJson + ",\"payload\":{\"amount\":" + number + "}}")
              .getBytes(StandardCharsets.UTF_8);
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> reader(WireFormat.JSON).toConnectData("t", payload))
                  .isInstanceOf(DataException.class)
                  .hasMessageContaining("outside the range of a numeric"));
    }
  }

  @Test
  void aRecordIsReadWithItsOwnHeadersSchemaEvenWhenAnotherSharesItsFingerprint() {
    // Avro fingerprints the parsing canonical form, which leaves out Connect's names: a uuid
    // column and a text column share one, as would a forged header.
    Schema uuid =
        SchemaBuilder.struct()
            .name("T")
            .field("v", io.ductstream.contract.envelope.SemanticTypes.uuid().build())
            .build();
    Schema text = SchemaBuilder.struct().name("T").field("v", Schema.STRING_SCHEMA).build();
    WireFormatConverter writer = EnforcementTest.converter(WireFormat.AVRO, false);
    RecordHeaders uuidHeaders = new RecordHeaders();
    RecordHeaders textHeaders = new RecordHeaders();
    byte[] first =
        writer.fromConnectData(
            "t",
            uuidHeaders,
            uuid,
            new Struct(uuid).put("v", "0e2a6b4c-0000-4000-8000-000000000001"));
    byte[] second = writer.fromConnectData("t", textHeaders, text, new Struct(text).put("v", "x"));
    assertThat(Arrays.copyOfRange(second, 2, 10))
        .as("the two share a fingerprint")
        .isEqualTo(Arrays.copyOfRange(first, 2, 10));

    WireFormatConverter reader = reader(WireFormat.AVRO);
    assertThat(reader.toConnectData("t", uuidHeaders, first).schema()).isEqualTo(uuid);
    assertThat(reader.toConnectData("t", textHeaders, second).schema())
        .as("not the cached schema of the same fingerprint")
        .isEqualTo(text);
    assertThat(reader.toConnectData("t", uuidHeaders, first).schema()).isEqualTo(uuid);
  }

  @Test
  void schemasOfDistinctHeadersDoNotPileUpInTheArrowConverter() {
    ArrowConverter arrow = new ArrowConverter();
    arrow.configure(Map.of("schema.cache.size", "8", "enforce", "false"), false);
    for (int i = 0; i < 200; i++) {
      Schema schema = SchemaBuilder.struct().name("S" + i).field("a", Schema.INT32_SCHEMA).build();
      RecordHeaders headers = new RecordHeaders();
      byte[] payload = arrow.fromConnectData("t", headers, schema, new Struct(schema).put("a", i));
      assertThat(((Struct) arrow.toConnectData("t", headers, payload).value()).getInt32("a"))
          .isEqualTo(i);
    }
    assertThat(arrow.compiledSchemas()).as("compiled batches kept").isLessThanOrEqualTo(8);
    arrow.close();
  }

  private static WireFormatConverter reader(WireFormat format) {
    return EnforcementTest.converter(format, false);
  }

  private static byte[] zigzag(long value) {
    long v = (value << 1) ^ (value >> 63);
    byte[] out = new byte[10];
    int n = 0;
    while ((v & ~0x7FL) != 0) {
      out[n++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[n++] = (byte) v;
    return Arrays.copyOf(out, n);
  }

  private static RecordHeaders copy(RecordHeaders headers) {
    RecordHeaders copy = new RecordHeaders();
    for (Header header : headers) {
      copy.add(header.key(), header.value());
    }
    return copy;
  }

  /** One to four byte-level changes: flips, overwrites with extreme values, cuts, insertions. */
  private static byte[] mutate(byte[] valid, Random random) {
    byte[] out = valid.clone();
    int changes = 1 + random.nextInt(4);
    for (int c = 0; c < changes && out.length > 0; c++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(6)) {
        case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> out[at] = (byte) random.nextInt(256);
        case 2 -> {
          byte[] extreme = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
          for (int i = 0; i < extreme.length && at + i < out.length; i++) {
            out[at + i] = extreme[i];
          }
        }
        case 3 -> out = Arrays.copyOf(out, Math.max(FramedConverter.FRAME_BYTES, at));
        case 4 -> {
          byte[] grown = new byte[out.length + 8];
          System.arraycopy(out, 0, grown, 0, at);
          random.nextBytes(Arrays.copyOfRange(grown, at, at + 8));
          System.arraycopy(out, at, grown, at + 8, out.length - at);
          out = grown;
        }
        default -> out[at] = (byte) 0x80; // a varint that never ends
      }
    }
    return out;
  }
}
