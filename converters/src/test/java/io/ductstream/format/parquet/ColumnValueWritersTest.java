package io.ductstream.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.PgTypesFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * The column writers against parquet-java's record consumer: the same rows make the same file, byte
 * for byte (levels, values, statistics, pages and row groups), and read back as written.
 */
class ColumnValueWritersTest {
  /** Row groups of 64 KiB: the rows span several, and each new group binds the writers again. */
  private static final BatchWriterOptions SMALL_GROUPS =
      BatchWriterOptions.defaults().withRowGroupBytes(64 * 1024);

  @Test
  void everyPostgresTypeMakesTheSameFileAsTheRecordConsumer() throws IOException {
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.addAll(PgTypesFixture.rows());
    }
    byte[] direct = write(PgTypesFixture.ROW, rows, true);
    byte[] consumer = write(PgTypesFixture.ROW, rows, false);

    assertThat(direct).isEqualTo(consumer);
    assertThat(values(direct)).isEqualTo(rows);
    try (org.apache.parquet.hadoop.ParquetFileReader file =
        org.apache.parquet.hadoop.ParquetFileReader.open(new BytesInputFile(direct))) {
      assertThat(file.getFooter().getBlocks()).hasSizeGreaterThan(1);
    }
  }

  @Test
  void changeEnvelopesWithNestedStructsMakeTheSameFileAsTheRecordConsumer() throws IOException {
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      for (Struct row : PgTypesFixture.rows()) {
        rows.add(PgTypesFixture.envelope(row));
      }
    }
    byte[] direct = write(PgTypesFixture.ENVELOPE, rows, true);

    assertThat(direct).isEqualTo(write(PgTypesFixture.ENVELOPE, rows, false));
    assertThat(values(direct)).isEqualTo(rows);
  }

  @Test
  void listsAndMapsAtEveryLevelOfNullOrEmptyMakeTheSameFile() throws IOException {
    Schema inner = SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build();
    Schema schema =
        SchemaBuilder.struct()
            .name("nested")
            .field("id", Schema.INT64_SCHEMA)
            .field("lists", SchemaBuilder.array(inner).optional().build())
            .field("required_items", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field(
                "maps",
                SchemaBuilder.map(
                        Schema.STRING_SCHEMA,
                        SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
                            .optional()
                            .build())
                    .optional()
                    .build())
            .build();
    List<Object> rows = new ArrayList<>();
    List<Long> someNull = Arrays.asList(1L, null, 3L);
    List<List<Long>> onlyNull = new ArrayList<>();
    onlyNull.add(null);
    List<List<Long>> mixed = new ArrayList<>();
    mixed.add(List.of());
    mixed.add(null);
    mixed.add(someNull);
    List<List<List<Long>>> lists = Arrays.asList(null, List.of(), onlyNull, mixed);
    List<Map<String, Map<Integer, String>>> maps =
        Arrays.asList(null, Map.of(), Map.of("a", Map.of()), Map.of("b", Map.of(1, "one")));
    for (int i = 0; i < 64; i++) {
      Map<String, Map<Integer, String>> map = maps.get(i / 4 % 4);
      if (i % 16 == 15) {
        map = new java.util.LinkedHashMap<>();
        map.put("none", null);
        map.put("some", new java.util.LinkedHashMap<>(Map.of(2, "two")));
        map.get("some").put(3, null);
      }
      rows.add(
          new Struct(schema)
              .put("id", (long) i)
              .put("lists", lists.get(i % 4))
              .put("required_items", i % 3 == 0 ? List.of() : List.of("x", "y"))
              .put("maps", map));
    }
    byte[] direct = write(schema, rows, true);

    assertThat(direct).isEqualTo(write(schema, rows, false));
    assertThat(values(direct)).isEqualTo(rows);
  }

  @Test
  void aRequiredFieldWithoutAValueIsADataExceptionNamingTheField() throws IOException {
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Struct missingId = new Struct(schema).put("name", "no id"); // not validated until written
    try (ParquetBatchWriter writer =
        new ParquetBatchWriter(schema, new ByteArrayOutputStream(), SMALL_GROUPS, true)) {
      assertThatThrownBy(() -> writer.write(missingId))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("required field id has no value");
    }
  }

  @Test
  void aDecimalWiderThanItsPrecisionIsRefusedAsBefore() throws IOException {
    Schema schema =
        SchemaBuilder.struct()
            .field("amount", io.ductstream.contract.envelope.SemanticTypes.decimal(4, 2).build())
            .build();
    Struct wide = new Struct(schema).put("amount", new java.math.BigDecimal("123456789012.34"));
    for (boolean columnWriters : new boolean[] {true, false}) {
      try (ParquetBatchWriter writer =
          new ParquetBatchWriter(
              schema, new ByteArrayOutputStream(), SMALL_GROUPS, columnWriters)) {
        assertThatThrownBy(() -> writer.write(wide)).isInstanceOf(DataException.class);
      }
    }
  }

  private static byte[] write(Schema schema, List<Object> rows, boolean columnWriters)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParquetBatchWriter writer =
        new ParquetBatchWriter(schema, out, SMALL_GROUPS, columnWriters)) {
      assertThat(writer.writesColumns()).isEqualTo(columnWriters);
      for (Object row : rows) {
        writer.write(row);
      }
    }
    return out.toByteArray();
  }

  private static List<Object> values(byte[] file) throws IOException {
    List<Object> values = new ArrayList<>();
    for (SchemaAndValue row : ParquetFileReader.readAll(new BytesInputFile(file))) {
      values.add(row.value());
    }
    return values;
  }
}
