package io.ductstream.format.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.format.PgTypesFixture;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our schema JSON is Kafka's JSON schema form byte for byte (so fingerprints of earlier releases,
 * which used Kafka's JsonConverter, still match), and each side reads what the other writes.
 */
class ConnectSchemaJsonTest {
  private final ConnectSchemaJson ours = new ConnectSchemaJson();
  private final JsonConverter kafka = new JsonConverter();

  ConnectSchemaJsonTest() {
    kafka.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
  }

  static Stream<Schema> schemas() {
    Schema point =
        SchemaBuilder.struct()
            .name("geo.Point")
            .version(3)
            .doc("a point, \"quoted\" doc")
            .field("x", Schema.FLOAT64_SCHEMA)
            .field("y", SchemaBuilder.float64().defaultValue(1.5).build())
            .optional()
            .build();
    return Stream.of(
        PgTypesFixture.ROW,
        PgTypesFixture.ENVELOPE,
        Schema.STRING_SCHEMA,
        Schema.OPTIONAL_BYTES_SCHEMA,
        point,
        SchemaBuilder.array(point).build(),
        SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA).optional().build(),
        SchemaBuilder.map(Schema.INT32_SCHEMA, SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build(),
        SchemaBuilder.struct()
            .name("defaults")
            .field("b", SchemaBuilder.bool().defaultValue(true).build())
            .field("i8", SchemaBuilder.int8().defaultValue((byte) -8).build())
            .field("i16", SchemaBuilder.int16().defaultValue((short) 300).build())
            .field("i32", SchemaBuilder.int32().defaultValue(-7).build())
            .field("i64", SchemaBuilder.int64().defaultValue(Long.MAX_VALUE).build())
            .field("f32", SchemaBuilder.float32().defaultValue(2.5f).build())
            .field("s", SchemaBuilder.string().defaultValue("dflt ü").build())
            .field("bytes", SchemaBuilder.bytes().defaultValue(new byte[] {0, -1, 7}).build())
            .field("dec", Decimal.builder(3).defaultValue(new BigDecimal("-12.345")).build())
            .field("date", Date.builder().defaultValue(new java.util.Date(86_400_000L * 3)).build())
            .field("time", Time.builder().defaultValue(new java.util.Date(1_234L)).build())
            .field(
                "ts",
                Timestamp.builder().defaultValue(new java.util.Date(1_700_000_000_123L)).build())
            .field(
                "list",
                SchemaBuilder.array(Schema.INT32_SCHEMA).defaultValue(List.of(1, 2, 3)).build())
            .field(
                "smap",
                SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA)
                    .defaultValue(Map.of("a", 1))
                    .build())
            .field(
                "imap",
                SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA)
                    .defaultValue(Map.of(4, "four"))
                    .build())
            .field("param", SchemaBuilder.string().parameter("k", "v").parameter("a", "b").build())
            .build());
  }

  @ParameterizedTest
  @MethodSource("schemas")
  void writesWhatKafkasJsonConverterWrites(Schema schema) {
    assertThat(ours.toJson(schema)).isEqualTo(kafka.asJsonSchema(schema).toString());
  }

  @ParameterizedTest
  @MethodSource("schemas")
  void readsBackTheSameSchemaAndKafkaReadsOursToo(Schema schema) {
    String json = ours.toJson(schema);
    assertThat(ours.fromJson(json)).isEqualTo(schema);
    assertThat(kafka.asConnectSchema(kafka.asJsonSchema(schema))).isEqualTo(ours.fromJson(json));
  }

  @Test
  void malformedSchemasAreDataExceptionsNamingTheProblem() {
    assertThatThrownBy(() -> ours.fromJson("{\"type\":"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ours.fromJson("[1]"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> ours.fromJson("{\"optional\":true}"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("\"type\"");
    assertThatThrownBy(() -> ours.fromJson("{\"type\":\"uuid\"}"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("unknown schema type \"uuid\"");
    assertThatThrownBy(() -> ours.fromJson("{\"type\":\"struct\"}"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("\"fields\"");
    assertThatThrownBy(
            () -> ours.fromJson("{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\"}]}"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("\"field\" name");
    assertThatThrownBy(() -> ours.fromJson("{\"type\":\"array\"}"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("\"items\"");
    assertThatThrownBy(() -> ours.fromJson("{\"type\":\"int32\",\"default\":\"x\"}"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("default");
  }
}
