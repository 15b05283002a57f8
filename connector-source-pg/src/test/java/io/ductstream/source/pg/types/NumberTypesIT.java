package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NumberTypesIT {
  private static ColumnReadBack db;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = ColumnReadBack.open("types_numbers");
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void smallintKeepsItsRangeAndNull() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "smallint",
            List.of("NULL", "-32768", "0", "32767"),
            Arrays.asList(null, Short.MIN_VALUE, (short) 0, Short.MAX_VALUE));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_INT16_SCHEMA);
    assertThat(decoder.takesPlaceholder()).isFalse();
  }

  @Test
  void integerKeepsItsRangeAndNull() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "integer",
            List.of("NULL", "-2147483648", "-1", "2147483647"),
            Arrays.asList(null, Integer.MIN_VALUE, -1, Integer.MAX_VALUE));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
  }

  @Test
  void bigintKeepsItsRangeAndNull() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "bigint",
            List.of("NULL", "-9223372036854775808", "0", "9223372036854775807"),
            Arrays.asList(null, Long.MIN_VALUE, 0L, Long.MAX_VALUE));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
  }

  @Test
  void oidIsUnsignedAsLong() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "oid",
            List.of("NULL", "0", "2147483648", "4294967295"),
            Arrays.asList(null, 0L, 2147483648L, 4294967295L));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
  }

  @Test
  void realKeepsNanInfinitiesNegativeZeroAndExtremes() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "real",
            List.of(
                "NULL",
                "'NaN'",
                "'Infinity'",
                "'-Infinity'",
                "'-0'",
                "0.1",
                "3.4028235e38",
                "1.4e-45",
                "-1.17549435e-38"),
            Arrays.asList(
                null,
                Float.NaN,
                Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY,
                -0.0f,
                0.1f,
                Float.MAX_VALUE,
                Float.MIN_VALUE,
                -Float.MIN_NORMAL));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_FLOAT32_SCHEMA);
  }

  @Test
  void doublePrecisionKeepsNanInfinitiesNegativeZeroAndExtremes() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "double precision",
            List.of(
                "NULL",
                "'NaN'",
                "'Infinity'",
                "'-Infinity'",
                "'-0'",
                "0.1",
                "1.7976931348623157e308",
                "4.9e-324",
                "-2.2250738585072014e-308"),
            Arrays.asList(
                null,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0d,
                0.1d,
                Double.MAX_VALUE,
                Double.MIN_VALUE,
                -Double.MIN_NORMAL));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
  }

  @Test
  void booleanIsTrueFalseOrNull() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "boolean", List.of("true", "false", "NULL"), Arrays.asList(true, false, null));
    assertThat(decoder.schema()).isEqualTo(Schema.OPTIONAL_BOOLEAN_SCHEMA);
  }

  @Test
  void constrainedNumericIsDecimalWithTheColumnScale() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "numeric(5,2)",
            List.of("NULL", "-999.99", "0", "0.5", "-0.01", "123.45", "999.99"),
            Arrays.asList(
                null,
                new BigDecimal("-999.99"),
                new BigDecimal("0.00"),
                new BigDecimal("0.50"),
                new BigDecimal("-0.01"),
                new BigDecimal("123.45"),
                new BigDecimal("999.99")));
    assertThat(decoder.schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(decoder.schema().parameters())
        .containsEntry(Decimal.SCALE_FIELD, "2")
        .containsEntry(SemanticTypes.DECIMAL_PRECISION, "5");
    assertThat(decoder.schema().isOptional()).isTrue();
    assertThat(decoder.takesPlaceholder()).isFalse();
  }

  @Test
  void wideConstrainedNumericKeepsAllDigits() throws Exception {
    db.assertReadsBack(
        "numeric(38,10)",
        List.of(
            "'-9999999999999999999999999999.9999999999'",
            "'1234567890123456789.0123456789'",
            "'0.0000000001'",
            "'1000000000000000000000000000'"),
        List.of(
            new BigDecimal("-9999999999999999999999999999.9999999999"),
            new BigDecimal("1234567890123456789.0123456789"),
            new BigDecimal("0.0000000001"),
            new BigDecimal("1000000000000000000000000000.0000000000")));
  }

  @Test
  void numericWithNegativeScaleRoundsToItsScale() throws Exception {
    // Postgres 15+: numeric(2,-3) keeps thousands; the Decimal's scale is -3.
    ValueDecoder decoder =
        db.assertReadsBack(
            "numeric(2,-3)",
            List.of("12345", "-99000", "0"),
            List.of(
                new BigDecimal(BigInteger.valueOf(12), -3),
                new BigDecimal(BigInteger.valueOf(-99), -3),
                new BigDecimal(BigInteger.ZERO, -3)));
    assertThat(decoder.schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "-3");
  }

  @Test
  void numericWithScaleAbovePrecisionKeepsItsScale() throws Exception {
    db.assertReadsBack(
        "numeric(3,5)",
        List.of("0.00123", "-0.00999"),
        List.of(new BigDecimal("0.00123"), new BigDecimal("-0.00999")));
  }

  @Test
  void unconstrainedNumericIsTheExactTextIncludingSpecialValues() throws Exception {
    String manyDigits =
        "-123456789012345678901234567890123456789012345678901234567890"
            + ".000000000000000000000000000000000000000000000000000000000001";
    ValueDecoder decoder =
        db.assertReadsBack(
            "numeric",
            List.of(
                "NULL",
                "'12.3400'",
                "'NaN'",
                "'Infinity'",
                "'-Infinity'",
                "0",
                "'0.000'",
                "'-0.000001'",
                "'1e-20'",
                "'1e30'",
                "'" + manyDigits + "'",
                "'9999.9999'",
                "'10000'",
                "'0.0001'"),
            Arrays.asList(
                null,
                "12.3400",
                "NaN",
                "Infinity",
                "-Infinity",
                "0",
                "0.000",
                "-0.000001",
                "0.00000000000000000001",
                "1000000000000000000000000000000",
                manyDigits,
                "9999.9999",
                "10000",
                "0.0001"));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.NUMERIC);
    assertThat(decoder.schema().type()).isEqualTo(Schema.Type.STRING);
    assertThat(decoder.takesPlaceholder()).isTrue();
  }

  @Test
  void nanInConstrainedNumericOverflowsInBothForms() throws Exception {
    // Postgres refuses infinities in numeric(p,s) ("cannot hold an infinite value"); NaN it takes.
    db.assertReadsBack(
        "numeric(5,2)",
        List.of("'NaN'", "'1.5'"),
        List.of(new OverflowValue(null, "NaN"), new BigDecimal("1.50")));
  }

  @Test
  void moneyIsDecimalOfCentsAcrossItsRange() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "money",
            List.of(
                "NULL",
                "'-92233720368547758.08'",
                "'92233720368547758.07'",
                "0",
                "'1234.5'",
                "'-0.01'"),
            Arrays.asList(
                null,
                BigDecimal.valueOf(Long.MIN_VALUE, 2),
                BigDecimal.valueOf(Long.MAX_VALUE, 2),
                new BigDecimal("0.00"),
                new BigDecimal("1234.50"),
                new BigDecimal("-0.01")));
    assertThat(decoder.schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(decoder.schema().parameters()).containsEntry(Decimal.SCALE_FIELD, "2");
  }
}
