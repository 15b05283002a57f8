package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.format.avro.AvroSchemaMapper;
import io.ductstream.format.avro.AvroValueCodec;
import io.ductstream.format.mapping.SchemaNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** v1 {id, name}; v2 adds optional email; v3 drops name. Every version reads every other's data. */
class SchemaEvolutionTest {
  static final Schema V1 =
      SchemaBuilder.struct()
          .name("pg.public.users.Value")
          .version(1)
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  static final Schema V2 =
      SchemaBuilder.struct()
          .name("pg.public.users.Value")
          .version(2)
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("email", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  static final Schema V3 =
      SchemaBuilder.struct()
          .name("pg.public.users.Value")
          .version(3)
          .field("id", Schema.INT64_SCHEMA)
          .field("email", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  static Converter converter(WireFormat format) {
    WireFormatConverter converter = new WireFormatConverter();
    converter.configure(Map.of("format", format.configName()), false);
    return converter;
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void aTopicWithThreeSchemaVersionsReadsAsTheNewestAndTheOldest(WireFormat format) {
    Converter writer = converter(format);
    Converter reader = converter(format);
    List<SchemaAndValue> read = new ArrayList<>();
    for (Struct record :
        List.of(
            new Struct(V1).put("id", 1L).put("name", "ann"),
            new Struct(V2).put("id", 2L).put("name", "bob").put("email", "b@x"),
            new Struct(V3).put("id", 3L).put("email", "c@x"))) {
      RecordHeaders headers = new RecordHeaders();
      byte[] bytes = writer.fromConnectData("users", headers, record.schema(), record);
      SchemaAndValue back = reader.toConnectData("users", headers, bytes);
      assertThat(back.schema().version()).isEqualTo(record.schema().version());
      read.add(back);
    }
    List<Struct> asV2 =
        read.stream().map(r -> (Struct) SchemaEvolution.project(r, V2).value()).toList();
    assertThat(asV2.get(0)).isEqualTo(new Struct(V2).put("id", 1L).put("name", "ann"));
    assertThat(asV2.get(2)).isEqualTo(new Struct(V2).put("id", 3L).put("email", "c@x"));
    Struct v2AsV3 = (Struct) SchemaEvolution.project(read.get(1), V3).value();
    assertThat(v2AsV3).isEqualTo(new Struct(V3).put("id", 2L).put("email", "b@x"));
    Struct v3AsV1 = (Struct) SchemaEvolution.project(read.get(2), V1).value();
    assertThat(v3AsV1).isEqualTo(new Struct(V1).put("id", 3L));
  }

  @ParameterizedTest
  @EnumSource(
      value = WireFormat.class,
      names = {"PARQUET", "ARROW", "AVRO"})
  void filesOfAnOlderVersionReadAsTheNewer(WireFormat format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BatchWriter writer = BatchWriters.create(format, V1, out, BatchWriterOptions.defaults())) {
      writer.write(new Struct(V1).put("id", 1L).put("name", "ann"));
    }
    List<Object> rows = new ArrayList<>();
    for (Object row :
        BatchWriterRoundTripTestAccess.readSelfDescribing(format, out.toByteArray())) {
      rows.add(SchemaEvolution.project(new SchemaAndValue(V1, row), V3).value());
    }
    assertThat(rows).containsExactly(new Struct(V3).put("id", 1L));
  }

  @Test
  void avroResolvesAnOlderWriterSchemaNatively() throws Exception {
    GrowableBytes bytes = new GrowableBytes(64);
    AvroValueCodec.write(SchemaNode.of(V1), new Struct(V1).put("id", 7L).put("name", "ann"), bytes);
    GenericDatumReader<GenericRecord> resolving =
        new GenericDatumReader<>(
            AvroSchemaMapper.toAvro(SchemaNode.of(V1)), AvroSchemaMapper.toAvro(SchemaNode.of(V2)));
    GenericRecord record =
        resolving.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertThat(record.get("id")).isEqualTo(7L);
    assertThat(record.get("name").toString()).isEqualTo("ann");
    assertThat(record.get("email")).isNull();
  }

  @Test
  void aRequiredColumnTheWriterLackedCannotBeInvented() {
    Schema strict =
        SchemaBuilder.struct()
            .name("pg.public.users.Value")
            .version(4)
            .field("id", Schema.INT64_SCHEMA)
            .field("tenant", Schema.INT32_SCHEMA)
            .build();
    SchemaAndValue v1 = new SchemaAndValue(V1, new Struct(V1).put("id", 1L));
    assertThatThrownBy(() -> SchemaEvolution.project(v1, strict))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("v1")
        .hasMessageContaining("v4");
  }
}
