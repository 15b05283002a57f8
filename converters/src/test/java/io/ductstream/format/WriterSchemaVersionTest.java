package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.format.arrow.ArrowSchemaMapper;
import io.ductstream.format.avro.AvroSchemaMapper;
import io.ductstream.format.mapping.ConnectSchemaJson;
import io.ductstream.format.mapping.SchemaNode;
import io.ductstream.format.parquet.BytesInputFile;
import io.ductstream.format.parquet.ParquetSchemaMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

/**
 * The change envelope's schema version (the source's table schema version) reaches a Kafka consumer
 * in every wire format, in the format's own terms where it has them, and reads back: a table going
 * from version 1 to 2 by ADD COLUMN, then to 3 with the same columns (a change such as REPLICA
 * IDENTITY FULL gives a new version with the same row).
 */
class WriterSchemaVersionTest {
  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("pg.public.users.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema WIDER =
      SchemaBuilder.struct()
          .name("pg.public.users.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("email", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema V1 = ChangeEnvelope.envelopeSchema("pg.public.users", ROW, 1);
  private static final Schema V2 = ChangeEnvelope.envelopeSchema("pg.public.users", WIDER, 2);
  private static final Schema V3 = ChangeEnvelope.envelopeSchema("pg.public.users", WIDER, 3);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void avroCarriesTheVersionAsTheConnectVersionPropertyAndReadsItBack() {
    assertThat(AvroSchemaMapper.toAvro(SchemaNode.of(V2)).getObjectProp("connect.version"))
        .isEqualTo(2);
    assertThat(AvroSchemaMapper.toAvro(SchemaNode.of(ROW)).getObjectProp("connect.version"))
        .isNull();
    assertVersionsRoundTrip(WireFormat.AVRO);
  }

  @Test
  void parquetCarriesTheVersionInTheFilesKeyValueMetadataAndReadsItBack() throws Exception {
    byte[] payload =
        converter(WireFormat.PARQUET).fromConnectData("t", new RecordHeaders(), V2, envelope(V2));
    try (org.apache.parquet.hadoop.ParquetFileReader file =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            new BytesInputFile(payload, 10, payload.length - 10))) {
      assertThat(file.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsEntry(ParquetSchemaMapper.CONNECT_VERSION_META, "2");
    }
    assertVersionsRoundTrip(WireFormat.PARQUET);
  }

  @Test
  void arrowCarriesTheVersionInTheSchemaMetadataAndReadsItBack() throws Exception {
    String json = new ConnectSchemaJson().toJson(V2);
    assertThat(ArrowSchemaMapper.toArrow(SchemaNode.of(V2), json).getCustomMetadata())
        .containsEntry(ArrowSchemaMapper.CONNECT_VERSION_META, "2");
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (BatchWriter writer =
        BatchWriters.create(WireFormat.ARROW, V2, file, BatchWriterOptions.defaults())) {
      writer.write(envelope(V2));
    }
    assertThat(
            io.ductstream.format.arrow.ArrowFileReader.readAll(file.toByteArray())
                .get(0)
                .schema()
                .version())
        .isEqualTo(2);
    assertVersionsRoundTrip(WireFormat.ARROW);
  }

  @Test
  void jsonCarriesTheVersionInThePayloadsSchemaAndReadsItBack() throws Exception {
    byte[] payload = converter(WireFormat.JSON).fromConnectData("t", V3, envelope(V3));
    JsonNode schema = JSON.readTree(payload).get("schema");
    assertThat(schema.get("version").intValue()).isEqualTo(3);
    assertVersionsRoundTrip(WireFormat.JSON);
  }

  @Test
  void protoCarriesTheVersionInTheSchemaHeaderAndReadsItBack() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    converter(WireFormat.PROTO).fromConnectData("t", headers, V3, envelope(V3));
    byte[] header = headers.lastHeader(WireConverterConfig.SCHEMA_HEADER).value();
    JsonNode schema =
        JSON.readTree(new String(SchemaHeaderEncoding.decode(header), StandardCharsets.UTF_8));
    assertThat(schema.get("version").intValue()).isEqualTo(3);
    assertVersionsRoundTrip(WireFormat.PROTO);
  }

  /**
   * Versions 1, 2, 3 then 1 again through one writer and one reader that knows none of them (each
   * record's header resolves it), then through one converter without headers (by fingerprint).
   */
  private static void assertVersionsRoundTrip(WireFormat format) {
    Converter writer = converter(format);
    Converter reader = converter(format);
    for (Schema schema : List.of(V1, V2, V3, V1)) {
      RecordHeaders headers = new RecordHeaders();
      byte[] bytes = writer.fromConnectData("t", headers, schema, envelope(schema));
      SchemaAndValue back = reader.toConnectData("t", headers, bytes);
      assertThat(back.schema().version()).as(format + " with headers").isEqualTo(schema.version());
      assertThat(back.schema()).isEqualTo(schema);
      assertThat(((Struct) back.value()).getStruct("after").getInt64("id")).isEqualTo(7L);
    }
    Converter both = converter(format);
    for (Schema schema : List.of(V1, V2)) {
      byte[] bytes = both.fromConnectData("t", schema, envelope(schema));
      assertThat(both.toConnectData("t", bytes).schema().version())
          .as(format + " without headers")
          .isEqualTo(schema.version());
    }
  }

  private static Converter converter(WireFormat format) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", format.configName()), false);
    return converter;
  }

  private static Struct envelope(Schema envelope) {
    Struct source =
        new Struct(ChangeEnvelope.SOURCE_BLOCK)
            .put(ChangeEnvelope.SOURCE_DB, "db")
            .put(ChangeEnvelope.SOURCE_SCHEMA, "public")
            .put(ChangeEnvelope.SOURCE_TABLE, "users")
            .put(ChangeEnvelope.SOURCE_LSN, 4242L)
            .put(ChangeEnvelope.SOURCE_SNAPSHOT, false);
    Struct after = new Struct(envelope.field(ChangeEnvelope.AFTER).schema()).put("id", 7L);
    return new Struct(envelope)
        .put(ChangeEnvelope.OP, "c")
        .put(ChangeEnvelope.AFTER, after)
        .put(ChangeEnvelope.SOURCE, source)
        .put(ChangeEnvelope.TS_US, 1_767_225_600_000_000L);
  }
}
