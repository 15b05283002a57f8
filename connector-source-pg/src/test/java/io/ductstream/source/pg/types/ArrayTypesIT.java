package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArrayTypesIT {
  private static ColumnReadBack db;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = ColumnReadBack.open("types_arrays");
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void integerArrayKeepsNullsEmptyAndCarriesLowerBoundsInOverflow() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "integer[]",
            List.of(
                "'{1,2,NULL}'", "'{}'", "NULL", "'{NULL}'", "'[0:2]={7,8,9}'", "'{-2147483648}'"),
            Arrays.asList(
                Arrays.asList(1, 2, null),
                List.of(),
                null,
                Arrays.asList((Object) null),
                new OverflowValue(List.of(7, 8, 9), "[0:2]"),
                List.of(Integer.MIN_VALUE)));
    assertThat(decoder.schema())
        .isEqualTo(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build());
    assertThat(decoder.takesPlaceholder()).isFalse();
  }

  @Test
  void twoDimensionalArrayIsListOfLists() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "integer[][]",
            List.of("'{{1,2},{3,4}}'", "'{{NULL,2},{3,NULL}}'", "'{}'", "'{{5}}'"),
            List.of(
                List.of(List.of(1, 2), List.of(3, 4)),
                List.of(Arrays.asList(null, 2), Arrays.asList(3, null)),
                List.of(),
                List.of(List.of(5))));
    assertThat(decoder.schema())
        .isEqualTo(
            SchemaBuilder.array(
                    SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                .optional()
                .build());
  }

  @Test
  void threeDimensionalArrayNestsThreeDeep() throws Exception {
    db.assertReadsBack(
        "smallint[][][]",
        List.of("'{{{1,2},{3,4}},{{5,6},{7,NULL}}}'"),
        List.of(
            List.of(
                List.of(List.of((short) 1, (short) 2), List.of((short) 3, (short) 4)),
                List.of(List.of((short) 5, (short) 6), Arrays.asList((short) 7, null)))));
  }

  @Test
  void valueWithFewerDimensionsThanDeclaredIsWrappedAndItsShapeOverflows() throws Exception {
    db.assertReadsBack(
        "integer[][]",
        List.of("'{5,6}'"),
        List.of(new OverflowValue(List.of(List.of(5, 6)), "[1:2]")));
  }

  @Test
  void valueWithMoreDimensionsThanDeclaredStreamsWithItsShapeInOverflow() throws Exception {
    ColumnReadBack.Column column =
        db.store(
            "integer[]",
            List.of("'{{1,2},{3,4}}'", "'[0:1][5:6]={{1,NULL},{NULL,4}}'", "'{{{1},{2}}}'"));

    assertThat(column.dims()).isEqualTo(1);
    List<Object> expected =
        List.of(
            new OverflowValue(List.of(1, 2, 3, 4), "[1:2][1:2]"),
            new OverflowValue(Arrays.asList(1, null, null, 4), "[0:1][5:6]"),
            new OverflowValue(List.of(1, 2), "[1:1][1:2][1:1]"));
    assertThat(db.binary(column)).isEqualTo(expected);
    assertThat(db.text(column)).isEqualTo(expected);
  }

  @Test
  void overflowingElementsAreListedWithTheShape() throws Exception {
    db.assertReadsBack(
        "numeric(4,1)[][]",
        List.of("'{{1.5,NaN},{NULL,NaN}}'", "'[2:2]={NaN}'"),
        List.of(
            new OverflowValue(
                List.of(Arrays.asList(new BigDecimal("1.5"), null), Arrays.asList(null, null)),
                "[1:2][1:2]={{NULL,\"NaN\"},{NULL,\"NaN\"}}"),
            new OverflowValue(List.of(Arrays.asList((Object) null)), "[2:2]={\"NaN\"}")));
    db.assertReadsBack(
        "timestamp[]",
        List.of("'{\"294276-12-31 23:59:59.999999\",\"2000-01-01 00:00:00\"}'"),
        List.of(
            new OverflowValue(
                Arrays.asList(null, 946_684_800_000_000L),
                "[1:2]={\"294276-12-31 23:59:59.999999\",NULL}")));
  }

  @Test
  void textArrayElementsNeedingQuotesRoundTrip() throws Exception {
    List<String> tricky =
        Arrays.asList(
            "a,b",
            "c\"d",
            null,
            "NULL",
            "null",
            "",
            " spaced ",
            "back\\slash",
            "{braces}",
            "é€😀",
            "tab\tnew\nline");
    ValueDecoder decoder =
        db.assertReadsBack(
            "text[]",
            List.of(
                "ARRAY['a,b', 'c\"d', NULL, 'NULL', 'null', '', ' spaced ', 'back\\slash',"
                    + " '{braces}', 'é€😀', E'tab\\tnew\\nline']"),
            List.of(tricky));
    assertThat(decoder.schema())
        .isEqualTo(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build());
    db.assertReadsBack(
        "text[][]",
        List.of("'{{\"x,y\",z},{NULL,\"\\\\\"}}'"),
        List.of(List.of(List.of("x,y", "z"), Arrays.asList(null, "\\"))));
  }

  @Test
  void charArrayKeepsPadding() throws Exception {
    db.assertReadsBack(
        "char(3)[]",
        List.of("ARRAY['a', 'ab', NULL]::char(3)[]"),
        List.of(Arrays.asList("a  ", "ab ", null)));
  }

  @Test
  void numericArraysUseTheElementMapping() throws Exception {
    db.assertReadsBack(
        "numeric(5,2)[]",
        List.of("'{1.5,-2,NULL,0}'"),
        List.of(
            Arrays.asList(
                new BigDecimal("1.50"), new BigDecimal("-2.00"), null, new BigDecimal("0.00"))));
    db.assertReadsBack(
        "numeric[]",
        List.of("'{NaN,1.20,-Infinity,123456789012345678901234567890}'"),
        List.of(List.of("NaN", "1.20", "-Infinity", "123456789012345678901234567890")));
  }

  @Test
  void floatArrayKeepsSpecialValues() throws Exception {
    db.assertReadsBack(
        "double precision[]",
        List.of("'{NaN,Infinity,-Infinity,0.1,NULL}'"),
        List.of(
            Arrays.asList(
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, null)));
  }

  @Test
  void timestamptzArrayElementsAreQuotedTimestamps() throws Exception {
    long micros =
        LocalDateTime.of(2024, 1, 1, 21, 19, 5).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    db.assertReadsBack(
        "timestamptz[]",
        List.of("'{\"2024-01-02 03:04:05+05:45\",infinity,NULL,-infinity}'"),
        List.of(
            Arrays.asList(
                micros,
                SemanticTypes.TIMESTAMP_INFINITY,
                null,
                SemanticTypes.TIMESTAMP_NEGATIVE_INFINITY)));
  }

  @Test
  void byteaArrayElementsAreBytes() throws Exception {
    db.assertReadsBack(
        "bytea[]",
        List.of("ARRAY['\\x0102'::bytea, NULL, ''::bytea]"),
        List.of(Arrays.asList(HexFormat.of().parseHex("0102"), null, new byte[0])));
  }

  @Test
  void jsonbAndUuidAndInetArraysKeepTheirElementForms() throws Exception {
    db.assertReadsBack(
        "jsonb[]",
        List.of("ARRAY['{\"a\": \"b,c\"}'::jsonb, '[1, \"}\"]'::jsonb]"),
        List.of(List.of("{\"a\": \"b,c\"}", "[1, \"}\"]")));
    db.assertReadsBack(
        "uuid[]",
        List.of("'{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11,NULL}'"),
        List.of(Arrays.asList("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null)));
    db.assertReadsBack(
        "inet[]", List.of("'{10.0.0.1/8,::1}'"), List.of(List.of("10.0.0.1/8", "::1")));
    db.assertReadsBack(
        "boolean[]", List.of("'{t,f,NULL}'"), List.of(Arrays.asList(true, false, null)));
  }
}
