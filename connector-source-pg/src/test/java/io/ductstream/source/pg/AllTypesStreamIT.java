package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table with a column of every mapped type goes through pgoutput and the source task, in binary
 * and in text form; every value read back is exactly the value written, NULLs included.
 */
class AllTypesStreamIT {
  static final String BIG = "x".repeat(1_000_000);
  private static TestDatabase db;

  @BeforeAll
  static void create() {
    db = PostgresServer.shared().createDatabase("alltypes");
    createEverythingTable(db);
  }

  /** The table of every mapped type, with its enum and domain. */
  static void createEverythingTable(TestDatabase db) {
    db.execute(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
        "CREATE TABLE everything (id int PRIMARY KEY, i2 smallint, i4 int, i8 bigint, o oid,"
            + " f4 real, f8 double precision, b boolean, n numeric(12,2), nu numeric, m money,"
            + " t text, vc varchar(10), c char(3), bt bytea, u uuid, j json, jb jsonb, d date,"
            + " tm time, ttz timetz, ts timestamp, tstz timestamptz, iv interval, ip inet,"
            + " net cidr, mac macaddr, mac8 macaddr8, bits bit(4), vbits varbit, e mood,"
            + " dom posint, ia int[], ta text[][], da date[])");
  }

  @Test
  void everyTypeReadsBackExactlyInBinaryForm() throws Exception {
    streamAndCompare("binary", true);
  }

  @Test
  void everyTypeReadsBackExactlyInTextForm() throws Exception {
    streamAndCompare("text", false);
  }

  @Test
  void valuesTheirColumnTypeCannotHoldStreamWithTheirExactTextInOverflow() throws Exception {
    streamOverflows("binary", true);
    streamOverflows("text", false);
  }

  /**
   * NaN in numeric(p,s), a 2-D value in an int[] column, an array with other lower bounds and
   * Postgres' last timestamps stream (insert, update with the old row, delete); the typed columns
   * hold what they can and {@code overflow} the exact rest, for before and after.
   */
  private void streamOverflows(String name, boolean binary) throws Exception {
    String table = "overflows_" + name;
    db.execute(
        "CREATE TABLE "
            + table
            + " (id int PRIMARY KEY, price numeric(5,2), ps numeric(5,2)[], ia int[],"
            + " ts timestamp, tstz timestamptz)",
        "ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    Map<String, String> props = SourceConnectors.config(db, "overflow-" + name, table);
    props.put("pgoutput.binary", Boolean.toString(binary));
    try (TaskHarness harness = new TaskHarness(props)) {
      db.execute(
          "INSERT INTO "
              + table
              + " VALUES (1, 'NaN', '{2.25,NaN}', '{{1,2},{3,4}}',"
              + " '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00')",
          "UPDATE " + table + " SET price = 2.5, ia = '[0:1]={5,6}' WHERE id = 1",
          "DELETE FROM " + table + " WHERE id = 1");

      List<SourceRecord> records = harness.poll(3, Duration.ofSeconds(60));

      Struct insert = (Struct) records.get(0).value();
      Struct after = insert.getStruct("after");
      assertThat(after.get("price")).isNull();
      assertThat(after.getArray("ps")).containsExactly(new BigDecimal("2.25"), null);
      assertThat(after.getArray("ia")).containsExactly(1, 2, 3, 4);
      assertThat(after.get("ts")).isNull();
      assertThat(after.get("tstz")).isNull();
      Map<String, String> insertOverflow = new LinkedHashMap<>();
      insertOverflow.put("price", "NaN");
      insertOverflow.put("ps", "[1:2]={NULL,\"NaN\"}");
      insertOverflow.put("ia", "[1:2][1:2]");
      insertOverflow.put("ts", "294276-12-31 23:59:59.999999");
      insertOverflow.put("tstz", "294276-12-31 23:59:59.999999+00");
      assertThat(insert.getStruct("overflow").getMap("after")).isEqualTo(insertOverflow);
      assertThat(insert.getStruct("overflow").getMap("before")).isNull();

      Struct update = (Struct) records.get(1).value();
      assertThat(update.getStruct("overflow").getMap("before")).isEqualTo(insertOverflow);
      Map<String, String> updateOverflow = new LinkedHashMap<>(insertOverflow);
      updateOverflow.remove("price");
      updateOverflow.put("ia", "[0:1]");
      assertThat(update.getStruct("overflow").getMap("after")).isEqualTo(updateOverflow);
      assertThat(update.getStruct("after").getArray("ia")).containsExactly(5, 6);
      assertThat(update.getStruct("after").get("price")).isEqualTo(new BigDecimal("2.50"));

      Struct delete = (Struct) records.get(2).value();
      assertThat(delete.getStruct("overflow").getMap("before")).isEqualTo(updateOverflow);
      assertThat(delete.getStruct("overflow").getMap("after")).isNull();
      System.out.println(
          "checked: "
              + name
              + " form streams NaN, a 2-D value in int[], bounds [0:1] and year"
              + " 294276 through insert, update and delete, exact in overflow");
    }
  }

  @Test
  void numericStringModeCarriesNanInTheColumnItself() throws Exception {
    db.execute("CREATE TABLE prices (id int PRIMARY KEY, price numeric(5,2), ps numeric(5,2)[])");
    Map<String, String> string = SourceConnectors.config(db, "prices-string", "prices");
    string.put("numeric.mode", "string");
    try (TaskHarness stringTask = new TaskHarness(string)) {
      db.execute("INSERT INTO prices VALUES (1, 1.5, '{2.25,NaN}'), (2, 'NaN', NULL)");

      List<SourceRecord> records = stringTask.poll(2, Duration.ofSeconds(60));
      Struct first = ((Struct) records.get(0).value()).getStruct("after");
      assertThat(first.getString("price")).isEqualTo("1.50");
      assertThat(first.getArray("ps")).containsExactly("2.25", "NaN");
      assertThat(((Struct) records.get(1).value()).getStruct("after").getString("price"))
          .isEqualTo("NaN");
      assertThat(((Struct) records.get(1).value()).get("overflow")).isNull();
      assertThat(first.schema().field("price").schema().name()).isEqualTo(SemanticTypes.NUMERIC);
    }
  }

  private void streamAndCompare(String name, boolean binary) throws Exception {
    Map<String, String> props = SourceConnectors.config(db, "alltypes-" + name, "everything");
    props.put("pgoutput.binary", Boolean.toString(binary));
    props.put("snapshot.mode", "never"); // the other form's rows are in the table already
    try (TaskHarness harness = new TaskHarness(props)) {
      int base = binary ? 0 : 10;
      db.execute(
          edgeRowInsert(base + 1),
          "INSERT INTO everything (id, t, nu) VALUES (" + (base + 2) + ", '', '12.3400')",
          "INSERT INTO everything (id) VALUES (" + (base + 3) + ")");

      List<SourceRecord> records = harness.poll(3, Duration.ofSeconds(60));

      Struct edge = ((Struct) records.get(0).value()).getStruct("after");
      Map<String, Object> expected = expectedEdgeRow(base + 1);
      assertRow(name, edge, expected);
      assertSchemas(edge.schema());

      Struct small = ((Struct) records.get(1).value()).getStruct("after");
      assertThat(small.getString("t")).isEmpty();
      assertThat(small.getString("nu")).isEqualTo("12.3400");
      Struct nulls = ((Struct) records.get(2).value()).getStruct("after");
      for (Field field : nulls.schema().fields()) {
        if (!field.name().equals("id")) {
          assertThat(nulls.get(field)).as("NULL " + field.name()).isNull();
        }
      }
      System.out.println("checked: " + expected.size() + " columns in " + name + " form");
    }
  }

  /** Inserts the row of edge values {@link #expectedEdgeRow} describes. */
  static String edgeRowInsert(int id) {
    int base = id - 1;
    return "INSERT INTO everything VALUES ("
        + (base + 1)
        + ", -32768, 2147483647, -9223372036854775808, 4294967295, 'NaN', '-Infinity', true,"
        + " -1234567890.12, 'NaN', '-92233720368547758.08', '"
        + BIG
        + "', 'héllo', 'ab', '\\x00ff01', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',"
        + " '{\"a\":  [1, 2]}', '{\"a\":  [1, 2]}', '0001-01-01', '24:00:00',"
        + " '12:34:56.789+05:45', 'infinity', '2024-02-29 23:59:59.999999-03:30',"
        + " '1 year 2 mons -3 days 04:05:06.000007', '192.168.0.1/24', '10.0.0.0/8',"
        + " '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05', B'1010', B'', 'happy', 7,"
        + " '{1,NULL,3}', '{{\"a,b\",NULL},{\"c\\\"d\",\"NULL\"}}', '{9999-12-31,-infinity}')";
  }

  static Map<String, Object> expectedEdgeRow(int id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("i2", (short) -32768);
    row.put("i4", Integer.MAX_VALUE);
    row.put("i8", Long.MIN_VALUE);
    row.put("o", 4294967295L);
    row.put("f4", Float.NaN);
    row.put("f8", Double.NEGATIVE_INFINITY);
    row.put("b", true);
    row.put("n", new BigDecimal("-1234567890.12"));
    row.put("nu", "NaN");
    row.put("m", new BigDecimal("-92233720368547758.08"));
    row.put("t", BIG);
    row.put("vc", "héllo");
    row.put("c", "ab ");
    row.put("bt", new byte[] {0, (byte) 0xff, 1});
    row.put("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    row.put("j", "{\"a\":  [1, 2]}");
    row.put("jb", "{\"a\": [1, 2]}");
    row.put("d", new Date(LocalDate.of(1, 1, 1).toEpochDay() * 86_400_000L));
    row.put("tm", 86_400_000_000L);
    row.put("ttz", "12:34:56.789+05:45");
    row.put("ts", SemanticTypes.TIMESTAMP_INFINITY);
    row.put(
        "tstz",
        ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-03-01T03:29:59.999999Z")));
    row.put(
        "iv",
        "Struct{months=14,days=-3,micros="
            + (4 * 3_600_000_000L + 5 * 60_000_000L + 6_000_007L)
            + "}");
    row.put("ip", "192.168.0.1/24");
    row.put("net", "10.0.0.0/8");
    row.put("mac", "08:00:2b:01:02:03");
    row.put("mac8", "08:00:2b:01:02:03:04:05");
    row.put("bits", "1010");
    row.put("vbits", "");
    row.put("e", "happy");
    row.put("dom", 7);
    row.put("ia", Arrays.asList(1, null, 3));
    row.put("ta", List.of(Arrays.asList("a,b", null), List.of("c\"d", "NULL")));
    row.put(
        "da",
        List.of(
            new Date(LocalDate.of(9999, 12, 31).toEpochDay() * 86_400_000L),
            new Date(SemanticTypes.DATE_NEGATIVE_INFINITY_DAYS * 86_400_000L)));
    return row;
  }

  /** Every column of {@code row} equals the expected value exactly (bytes by content). */
  static void assertRow(String label, Struct row, Map<String, Object> expected) {
    for (Map.Entry<String, Object> column : expected.entrySet()) {
      Object actual = row.get(column.getKey());
      if (actual instanceof java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        actual = bytes;
      }
      if (actual instanceof byte[] bytes) {
        assertThat(bytes).as(label + " " + column.getKey()).isEqualTo(column.getValue());
      } else if (actual instanceof Struct struct) {
        assertThat(struct.toString())
            .as(label + " " + column.getKey())
            .isEqualTo(column.getValue().toString());
      } else {
        assertThat(actual).as(label + " " + column.getKey()).isEqualTo(column.getValue());
      }
    }
    assertThat(row.schema().fields()).hasSize(expected.size());
  }

  /** A value as it compares by content: bytes as their hex list, structs as text. */
  static Object comparable(Object value) {
    if (value instanceof java.nio.ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return Arrays.toString(bytes);
    }
    if (value instanceof byte[] bytes) {
      return Arrays.toString(bytes);
    }
    return value instanceof Struct struct ? struct.toString() : value;
  }

  static void assertSchemas(Schema row) {
    assertThat(row.field("n").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(row.field("n").schema().parameters())
        .containsEntry(Decimal.SCALE_FIELD, "2")
        .containsEntry(SemanticTypes.DECIMAL_PRECISION, "12");
    assertThat(row.field("nu").schema().name()).isEqualTo(SemanticTypes.NUMERIC);
    assertThat(row.field("u").schema().name()).isEqualTo(SemanticTypes.UUID);
    assertThat(row.field("jb").schema().name()).isEqualTo(SemanticTypes.JSON);
    assertThat(row.field("tstz").schema().name()).isEqualTo(SemanticTypes.TIMESTAMP_TZ_MICROS);
    assertThat(row.field("ts").schema().name()).isEqualTo(SemanticTypes.TIMESTAMP_MICROS);
    assertThat(row.field("iv").schema().name()).isEqualTo(SemanticTypes.INTERVAL);
    assertThat(row.field("e").schema().name()).isEqualTo(SemanticTypes.ENUM);
    assertThat(row.field("e").schema().parameters())
        .containsEntry(SemanticTypes.PG_TYPE, "public.mood");
    assertThat(row.field("ta").schema().valueSchema().type()).isEqualTo(Schema.Type.ARRAY);
    assertThat(row.field("dom").schema().type()).isEqualTo(Schema.Type.INT32);
  }
}
