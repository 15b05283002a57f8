package io.ductstream.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ductstream.testkit.NodeReaders;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * Files our batch writers produce, read by readers that share no code with us or with the Java
 * reference libraries: DuckDB (Parquet) and apache-arrow JS (Arrow IPC), both from npm.
 */
class IndependentReadersTest {
  static final Path DIR = Path.of("target", "independent-readers");

  static Path write(WireFormat format, String name, BatchWriterOptions options) throws Exception {
    Files.createDirectories(DIR);
    Path file = DIR.resolve(name);
    try (OutputStream out = Files.newOutputStream(file);
        BatchWriter writer = BatchWriters.create(format, PgTypesFixture.ROW, out, options)) {
      for (Struct row : PgTypesFixture.rows()) {
        writer.write(row);
      }
    }
    return file;
  }

  @Test
  void duckDbReadsEveryPostgresTypeFromOurParquet() throws Exception {
    Path file = write(WireFormat.PARQUET, "all_types.parquet", BatchWriterOptions.defaults());
    List<JsonNode> out = NodeReaders.run("duckdb_read.mjs", file);
    assertThat(out).hasSize(6);
    assertColumns(
        out.get(0).get("types"),
        Map.ofEntries(
            Map.entry("c_numeric", "DECIMAL(12,2)"),
            Map.entry("c_tstz", "TIMESTAMP WITH TIME ZONE"),
            Map.entry("c_ts", "TIMESTAMP"),
            Map.entry("c_time", "TIME"),
            Map.entry("c_json", "JSON"),
            Map.entry("c_uuid", "UUID"),
            Map.entry("c_numeric_neg", "DECIMAL(5,0)"),
            Map.entry("c_numeric_tiny", "DECIMAL(5,5)"),
            Map.entry("c_interval", "STRUCT(\"months\" INTEGER, \"days\" INTEGER, micros BIGINT)"),
            Map.entry("c_text_matrix", "VARCHAR[][]"),
            Map.entry("x_map", "MAP(VARCHAR, BIGINT)")));
    Map<String, String> typical =
        Map.ofEntries(
            Map.entry("id", "1"),
            Map.entry("c_int2", "12"),
            Map.entry("c_int8", "1234567890123"),
            Map.entry("c_float4", "1.5"),
            Map.entry("c_numeric", "1234567890.12"),
            Map.entry("c_numeric_wide", "12345678901234567890123456789012345678901.0123456789"),
            Map.entry("c_money", "-42.50"),
            Map.entry("c_numeric_neg", "12000"),
            // DuckDB prints a DECIMAL whose scale equals its precision without the leading 0
            Map.entry("c_numeric_tiny", ".00123"),
            Map.entry("c_numeric_huge", "9".repeat(95) + ".12345"),
            Map.entry("c_text", "héllo, wörld ✓ 𝄞"),
            Map.entry("c_bytea", "\\x00\\x01\\x02\\xFF"),
            Map.entry("c_uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            Map.entry("c_json", "{\"k\": 1, \"tag\": \"t1\"}"),
            Map.entry("c_enum", "happy"),
            Map.entry("c_date", "2022-01-08"),
            Map.entry("c_time", "12:34:56.789012"),
            Map.entry("c_ts", "2026-01-01 00:00:00.123456"),
            Map.entry("c_tstz", "2026-01-01 00:00:00.654321+00"),
            Map.entry("c_interval", "{'months': 14, 'days': 3, 'micros': 4000000}"),
            Map.entry("c_int_array", "[1, NULL, 3]"),
            Map.entry("c_text_matrix", "[[a, NULL], NULL, []]"),
            Map.entry("c_tstz_array", "['1970-01-01 00:00:00+00', NULL, infinity]"),
            Map.entry("c_numeric_array", "[1.500, NULL]"),
            Map.entry("x_map", "{a=1, b=NULL}"),
            Map.entry("x_int_map", "{7=seven, -1=NULL}"));
    assertColumns(out.get(1), typical);
    for (Map.Entry<String, JsonNode> column : out.get(2).properties()) {
      assertThat(column.getValue().isNull() || column.getKey().equals("id"))
          .as(column.getKey())
          .isTrue();
    }
    assertColumns(
        out.get(3),
        Map.ofEntries(
            Map.entry("id", "-9223372036854775808"),
            Map.entry("c_int8", "9223372036854775807"),
            Map.entry("c_float4", "nan"),
            Map.entry("c_float8", "inf"),
            Map.entry("c_numeric", "-9999999999.99"),
            Map.entry("c_numeric_wide", "-0.0000000001"),
            Map.entry("c_numeric_neg", "-99000"),
            Map.entry("c_numeric_tiny", "-.00999"),
            Map.entry("c_text", ""),
            Map.entry("c_bytea", ""),
            Map.entry("c_date", "infinity"),
            Map.entry("c_time", "24:00:00"),
            Map.entry("c_ts", "infinity"),
            Map.entry("c_tstz", "-infinity"),
            Map.entry("c_uuid", "00000000-0000-0000-0000-000000000000"),
            Map.entry("c_interval", "{'months': -1, 'days': -2, 'micros': -9223372036854775808}"),
            Map.entry("c_int_array", "[]"),
            Map.entry("c_text_matrix", "[[NULL, NULL], ['', x]]")));
    assertThat(out.get(3).get("c_json").asText())
        .hasSize(PgTypesFixture.edges().getString("c_json").length());
    assertColumns(
        out.get(4),
        Map.of(
            "c_float4",
            "-inf",
            "c_float8",
            "nan",
            "c_int_array",
            "[NULL]",
            "c_date",
            "-infinity",
            "c_ts",
            "-infinity",
            "c_uuid",
            "ffffffff-ffff-ffff-8000-000000000001"));
    assertColumns(out.get(5), Map.of("c_float4", "1e-45", "c_float8", "-0.0"));
  }

  @Test
  void apacheArrowJsReadsEveryPostgresTypeFromOurArrowFile() throws Exception {
    Path file =
        write(WireFormat.ARROW, "all_types.arrow", BatchWriterOptions.defaults().withBatchRows(2));
    List<JsonNode> out = NodeReaders.run("arrow_read.mjs", file);
    assertThat(out).hasSize(6);
    assertThat(out.get(0).get("rows").asInt()).isEqualTo(5);
    assertThat(out.get(0).get("batches").asInt()).isEqualTo(3);
    assertColumns(
        out.get(0).get("types"),
        Map.of(
            "c_numeric", "Decimal[12e+2]",
            "c_numeric_wide", "Decimal[60e+10]",
            "c_tstz", "Timestamp<MICROSECOND, UTC>",
            "c_ts", "Timestamp<MICROSECOND>",
            "c_time", "Time64<MICROSECOND>",
            "c_date", "Date32<DAY>",
            "c_uuid", "FixedSizeBinary[16]",
            "c_text_matrix", "List<List<Utf8>>",
            "x_map", "Map<{key:Utf8, value:Int64}>"));
    JsonNode typical = out.get(1);
    assertColumns(
        typical,
        Map.of(
            "c_int2", "12",
            "c_int8", "\"1234567890123\"",
            "c_text", "\"héllo, wörld ✓ 𝄞\"",
            "c_ts", "\"1767225600123456\"",
            "c_tstz", "\"1767225600654321\"",
            "c_time", "\"45296789012\"",
            "c_interval", "{\"months\":14,\"days\":3,\"micros\":\"4000000\"}",
            "c_int_array", "[1,null,3]",
            "c_text_matrix", "[[\"a\",null],null,[]]",
            "x_map", "{\"a\":\"1\",\"b\":null}"));
    assertThat(typical.get("c_numeric").asText()).contains("123456789012");
    // Arrow's canonical uuid extension type: 16 big-endian bytes
    assertThat(out.get(0).get("extensions").get("c_uuid").asText()).isEqualTo("arrow.uuid");
    assertThat(out.get(0).get("extensions").get("c_json").asText()).isEqualTo("arrow.json");
    assertThat(typical.get("c_uuid").asText()).isEqualTo("a0eebc999c0b4ef8bb6d6bb9bd380a11");
    assertThat(out.get(2).get("c_text").isNull()).isTrue();
    assertColumns(
        out.get(3),
        Map.of(
            "c_ts", "\"9223372036854775807\"",
            "c_tstz", "\"-9223372036854775807\"",
            "c_time", "\"86400000000\"",
            "c_text", "\"\"",
            "c_text_matrix", "[[null,null],[\"\",\"x\"]]"));
  }

  /** Each expected entry against the row: plain text for strings, JSON text otherwise. */
  private static void assertColumns(JsonNode row, Map<String, String> expected) {
    expected.forEach(
        (column, value) -> {
          JsonNode actual = row.get(column);
          assertThat(actual).as(column).isNotNull();
          String text =
              actual.isTextual() && !value.startsWith("\"") ? actual.asText() : actual.toString();
          assertThat(text).as(column).isEqualTo(value);
        });
  }
}
