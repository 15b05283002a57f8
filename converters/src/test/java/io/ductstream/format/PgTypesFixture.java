package io.ductstream.format;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * A row schema with one column per Postgres type of docs/types.md (plus the Connect types the
 * source does not emit but converters accept), and rows with NULLs and edge values.
 */
public final class PgTypesFixture {
  public static final String TOPIC = "pg.public.all_types";

  public static final Schema ROW =
      SchemaBuilder.struct()
          .name(TOPIC + ChangeEnvelope.VALUE_SUFFIX)
          .field("id", Schema.INT64_SCHEMA)
          .field("c_int2", Schema.OPTIONAL_INT16_SCHEMA)
          .field("c_int4", Schema.OPTIONAL_INT32_SCHEMA)
          .field("c_int8", Schema.OPTIONAL_INT64_SCHEMA)
          .field("c_oid", Schema.OPTIONAL_INT64_SCHEMA)
          .field("c_float4", Schema.OPTIONAL_FLOAT32_SCHEMA)
          .field("c_float8", Schema.OPTIONAL_FLOAT64_SCHEMA)
          .field("c_bool", Schema.OPTIONAL_BOOLEAN_SCHEMA)
          .field("c_numeric", SemanticTypes.decimal(12, 2).optional().build())
          .field("c_numeric_wide", SemanticTypes.decimal(60, 10).optional().build())
          .field("c_numeric_huge", SemanticTypes.decimal(100, 5).optional().build())
          .field("c_numeric_free", SemanticTypes.numeric().optional().build())
          .field("c_numeric_neg", SemanticTypes.decimal(2, -3).optional().build())
          .field("c_numeric_tiny", SemanticTypes.decimal(3, 5).optional().build())
          .field("c_money", Decimal.builder(2).optional().build())
          .field("c_text", Schema.OPTIONAL_STRING_SCHEMA)
          .field("c_bytea", Schema.OPTIONAL_BYTES_SCHEMA)
          .field("c_uuid", SemanticTypes.uuid().optional().build())
          .field("c_json", SemanticTypes.json().optional().build())
          .field("c_date", org.apache.kafka.connect.data.Date.builder().optional().build())
          .field("c_time", SemanticTypes.timeMicros().optional().build())
          .field("c_timetz", SemanticTypes.timeTz().optional().build())
          .field("c_ts", SemanticTypes.timestampMicros().optional().build())
          .field("c_tstz", SemanticTypes.timestampTzMicros().optional().build())
          .field("c_interval", SemanticTypes.interval().optional().build())
          .field("c_inet", SemanticTypes.inet().optional().build())
          .field("c_cidr", SemanticTypes.cidr().optional().build())
          .field("c_macaddr", SemanticTypes.macaddr().optional().build())
          .field("c_bits", SemanticTypes.bits().optional().build())
          .field("c_enum", SemanticTypes.enumeration("public.mood").optional().build())
          .field("c_point", SemanticTypes.pgText("point").optional().build())
          .field(
              "c_int_array", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
          .field(
              "c_text_matrix",
              SchemaBuilder.array(
                      SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                  .optional()
                  .build())
          .field(
              "c_tstz_array",
              SchemaBuilder.array(SemanticTypes.timestampTzMicros().optional().build())
                  .optional()
                  .build())
          .field(
              "c_numeric_array",
              SchemaBuilder.array(SemanticTypes.decimal(10, 3).optional().build())
                  .optional()
                  .build())
          .field(
              "c_interval_array",
              SchemaBuilder.array(SemanticTypes.interval().optional().build()).optional().build())
          .field("x_int8", Schema.OPTIONAL_INT8_SCHEMA)
          .field("x_time_ms", Time.builder().optional().build())
          .field("x_ts_ms", Timestamp.builder().optional().build())
          .field(
              "x_map",
              SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA)
                  .optional()
                  .build())
          .field(
              "x_int_map",
              SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                  .optional()
                  .build())
          .field(
              "x_struct",
              SchemaBuilder.struct()
                  .field("n", Schema.INT32_SCHEMA)
                  .field("s", Schema.OPTIONAL_STRING_SCHEMA)
                  .optional()
                  .build())
          .build();

  public static final Schema ENVELOPE = ChangeEnvelope.envelopeSchema(TOPIC, ROW);

  private PgTypesFixture() {}

  public static Struct interval(int months, int days, long micros) {
    Schema schema = ROW.field("c_interval").schema();
    return new Struct(schema).put("months", months).put("days", days).put("micros", micros);
  }

  /** Typical values in every column. */
  public static Struct typical() {
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("a", 1L);
    map.put("b", null);
    Map<Integer, String> intMap = new LinkedHashMap<>();
    intMap.put(7, "seven");
    intMap.put(-1, null);
    return new Struct(ROW)
        .put("id", 1L)
        .put("c_int2", (short) 12)
        .put("c_int4", 123456)
        .put("c_int8", 1234567890123L)
        .put("c_oid", 4294967295L)
        .put("c_float4", 1.5f)
        .put("c_float8", 2.25d)
        .put("c_bool", true)
        .put("c_numeric", new BigDecimal("1234567890.12"))
        .put(
            "c_numeric_wide",
            new BigDecimal("12345678901234567890123456789012345678901.0123456789"))
        .put("c_numeric_huge", new BigDecimal("9".repeat(95) + ".12345"))
        .put("c_numeric_free", "12.3400")
        .put("c_numeric_neg", new BigDecimal("12E+3"))
        .put("c_numeric_tiny", new BigDecimal("0.00123"))
        .put("c_money", new BigDecimal("-42.50"))
        .put("c_text", "héllo, wörld ✓ 𝄞")
        .put("c_bytea", new byte[] {0, 1, 2, (byte) 0xff})
        .put("c_uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        .put("c_json", "{\"k\": 1, \"tag\": \"t1\"}")
        .put("c_date", new java.util.Date(19_000L * 86_400_000L))
        .put("c_time", 45_296_789_012L)
        .put("c_timetz", "12:34:56.789012+02")
        .put("c_ts", 1_767_225_600_123_456L)
        .put("c_tstz", 1_767_225_600_654_321L)
        .put("c_interval", interval(14, 3, 4_000_000L))
        .put("c_inet", "192.168.0.1/24")
        .put("c_cidr", "10.0.0.0/8")
        .put("c_macaddr", "08:00:2b:01:02:03")
        .put("c_bits", "10110")
        .put("c_enum", "happy")
        .put("c_point", "(1,2)")
        .put("c_int_array", Arrays.asList(1, null, 3))
        .put("c_text_matrix", Arrays.asList(Arrays.asList("a", null), null, List.of()))
        .put("c_tstz_array", Arrays.asList(0L, null, Long.MAX_VALUE))
        .put("c_numeric_array", Arrays.asList(new BigDecimal("1.500"), null))
        .put("c_interval_array", Arrays.asList(interval(1, 2, 3L), null))
        .put("x_int8", (byte) -7)
        .put("x_time_ms", new java.util.Date(3_600_000L))
        .put("x_ts_ms", new java.util.Date(1_700_000_000_123L))
        .put("x_map", map)
        .put("x_int_map", intMap)
        .put("x_struct", new Struct(ROW.field("x_struct").schema()).put("n", 5).put("s", "five"));
  }

  /** Every optional column NULL. */
  public static Struct nulls() {
    return new Struct(ROW).put("id", 2L);
  }

  /**
   * Edge values: NaN and infinities, infinity timestamps and dates (DuckDB's encoding, as the
   * source emits them), empty and large values.
   */
  public static Struct edges() {
    StringBuilder large = new StringBuilder();
    while (large.length() < 200_000) {
      large.append("large ✓ text ");
    }
    return new Struct(ROW)
        .put("id", Long.MIN_VALUE)
        .put("c_int2", Short.MIN_VALUE)
        .put("c_int4", Integer.MIN_VALUE)
        .put("c_int8", Long.MAX_VALUE)
        .put("c_oid", 0L)
        .put("c_float4", Float.NaN)
        .put("c_float8", Double.POSITIVE_INFINITY)
        .put("c_bool", false)
        .put("c_numeric", new BigDecimal("-9999999999.99"))
        .put("c_numeric_wide", new BigDecimal("-0.0000000001"))
        .put("c_numeric_huge", new BigDecimal("-0.00001"))
        .put("c_numeric_free", "NaN")
        .put("c_numeric_neg", new BigDecimal("-99E+3"))
        .put("c_numeric_tiny", new BigDecimal("-0.00999"))
        .put("c_money", new BigDecimal("0.00"))
        .put("c_text", "")
        .put("c_bytea", new byte[0])
        .put("c_uuid", "00000000-0000-0000-0000-000000000000")
        .put("c_json", "{\"t\": \"" + large + "\"}")
        .put("c_date", new java.util.Date(SemanticTypes.DATE_INFINITY_DAYS * 86_400_000L))
        .put("c_time", 86_400_000_000L)
        .put("c_timetz", "00:00:00-14:59")
        .put("c_ts", Long.MAX_VALUE)
        .put("c_tstz", SemanticTypes.TIMESTAMP_NEGATIVE_INFINITY)
        .put("c_interval", interval(-1, -2, Long.MIN_VALUE))
        .put("c_inet", "::1")
        .put("c_cidr", "::/0")
        .put("c_macaddr", "08:00:2b:01:02:03:04:05")
        .put("c_bits", "")
        .put("c_enum", "")
        .put("c_point", large.toString())
        .put("c_int_array", List.of())
        .put("c_text_matrix", Arrays.asList(Arrays.asList(null, null), Arrays.asList("", "x")))
        .put("c_tstz_array", Arrays.asList((Long) null))
        .put("c_numeric_array", List.of())
        .put("c_interval_array", List.of())
        .put("x_int8", Byte.MIN_VALUE)
        .put("x_time_ms", new java.util.Date(0L))
        .put("x_ts_ms", new java.util.Date(-1L))
        .put("x_map", Map.of())
        .put("x_int_map", Map.of());
  }

  /** More float edges: -Infinity, -0.0, the smallest values. */
  public static Struct floats() {
    return new Struct(ROW)
        .put("id", 4L)
        .put("c_float4", Float.NEGATIVE_INFINITY)
        .put("c_float8", Double.NaN)
        .put("c_date", new java.util.Date(SemanticTypes.DATE_NEGATIVE_INFINITY_DAYS * 86_400_000L))
        .put("c_ts", SemanticTypes.TIMESTAMP_NEGATIVE_INFINITY)
        .put("c_uuid", "ffffffff-ffff-ffff-8000-000000000001")
        .put("c_int_array", Arrays.asList((Integer) null))
        .put("x_struct", new Struct(ROW.field("x_struct").schema()).put("n", 0));
  }

  public static Struct floats2() {
    return new Struct(ROW)
        .put("id", 5L)
        .put("c_float4", Float.MIN_VALUE)
        .put("c_float8", -0.0d)
        .put("c_numeric_free", "-Infinity");
  }

  public static List<Struct> rows() {
    List<Struct> rows = new ArrayList<>();
    rows.add(typical());
    rows.add(nulls());
    rows.add(edges());
    rows.add(floats());
    rows.add(floats2());
    return rows;
  }

  /** An envelope record carrying {@code row} as {@code after}. */
  public static Struct envelope(Struct row) {
    Struct source =
        new Struct(ChangeEnvelope.SOURCE_BLOCK)
            .put(ChangeEnvelope.SOURCE_DB, "db")
            .put(ChangeEnvelope.SOURCE_SCHEMA, "public")
            .put(ChangeEnvelope.SOURCE_TABLE, "all_types")
            .put(ChangeEnvelope.SOURCE_LSN, 123456789L)
            .put(ChangeEnvelope.SOURCE_TX_ID, 42L)
            .put(ChangeEnvelope.SOURCE_SNAPSHOT, false);
    Schema optionalRow = ENVELOPE.field(ChangeEnvelope.AFTER).schema();
    Struct after = new Struct(optionalRow);
    for (org.apache.kafka.connect.data.Field f : ROW.fields()) {
      after.put(f.name(), row.get(f));
    }
    return new Struct(ENVELOPE)
        .put(ChangeEnvelope.OP, "u")
        .put(ChangeEnvelope.AFTER, after)
        .put(ChangeEnvelope.SOURCE, source)
        .put(ChangeEnvelope.TS_US, 1_767_225_600_000_000L)
        .put(ChangeEnvelope.UNCHANGED, List.of("c_text"));
  }
}
