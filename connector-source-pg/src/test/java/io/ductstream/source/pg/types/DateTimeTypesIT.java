package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.envelope.SemanticTypes;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DateTimeTypesIT {
  private static final Schema INTERVAL = SemanticTypes.interval().optional().build();
  private static ColumnReadBack db;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = ColumnReadBack.open("types_datetime");
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void dateCoversItsWholeRangeBcDatesAndInfinities() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "date",
            List.of(
                "NULL",
                "'0001-01-01'",
                "'9999-12-31'",
                "'0001-01-01 BC'",
                "'0044-03-15 BC'",
                "'4713-01-01 BC'",
                "'5874897-12-31'",
                "'infinity'",
                "'-infinity'",
                "'1970-01-01'",
                "'1969-12-31'",
                "'2000-01-01'",
                "'2024-02-29'"),
            Arrays.asList(
                null,
                date(1, 1, 1),
                date(9999, 12, 31),
                date(0, 1, 1),
                date(-43, 3, 15),
                date(-4712, 1, 1),
                date(5874897, 12, 31),
                new Date(SemanticTypes.DATE_INFINITY_DAYS * 86_400_000L),
                new Date(SemanticTypes.DATE_NEGATIVE_INFINITY_DAYS * 86_400_000L),
                date(1970, 1, 1),
                date(1969, 12, 31),
                date(2000, 1, 1),
                date(2024, 2, 29)));
    assertThat(decoder.schema().name()).isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
    assertThat(decoder.schema().isOptional()).isTrue();
  }

  @Test
  void timeIsMicrosSinceMidnightUpToTwentyFourHours() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "time",
            List.of(
                "'00:00:00'",
                "'24:00:00'",
                "'23:59:59.999999'",
                "'12:34:56.5'",
                "'00:00:00.000001'",
                "NULL"),
            Arrays.asList(0L, 86_400_000_000L, 86_399_999_999L, 45_296_500_000L, 1L, null));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.TIME_MICROS);
    assertThat(decoder.schema().type()).isEqualTo(Schema.Type.INT64);
  }

  @Test
  void timetzKeepsOddOffsetsAndTwentyFourHours() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "timetz",
            List.of(
                "'00:00:00+00'",
                "'12:34:56.789+05:45'",
                "'23:59:59.999999-03:30'",
                "'24:00:00-15:59'",
                "'01:02:03+15:59'",
                "'10:00:00.1+05:30:15'",
                "'10:00:00-00:00:01'",
                "NULL"),
            Arrays.asList(
                "00:00:00+00",
                "12:34:56.789+05:45",
                "23:59:59.999999-03:30",
                "24:00:00-15:59",
                "01:02:03+15:59",
                "10:00:00.1+05:30:15",
                "10:00:00-00:00:01",
                null));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.TIME_TZ);
    assertThat(decoder.takesPlaceholder()).isTrue();
  }

  @Test
  void timestampIsMicrosSinceEpochAndItsLastYearsOverflowExactly() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "timestamp",
            List.of(
                "NULL",
                "'2024-01-02 03:04:05.123456'",
                "'0001-01-01 00:00:00'",
                "'9999-12-31 23:59:59.999999'",
                "'0001-01-01 00:00:00 BC'",
                "'4713-01-01 00:00:00 BC'",
                "'294276-12-31 23:59:59.999999'",
                "'294247-01-10 04:00:54.775806'",
                "'294247-01-10 04:00:54.775807'",
                "'294247-01-10 04:00:55'",
                "'infinity'",
                "'-infinity'",
                "'1970-01-01 00:00:00'",
                "'1969-12-31 23:59:59.999999'",
                "'2000-01-01 00:00:00.5'"),
            Arrays.asList(
                null,
                micros(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)),
                micros(LocalDateTime.of(1, 1, 1, 0, 0)),
                micros(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)),
                micros(LocalDateTime.of(0, 1, 1, 0, 0)),
                micros(LocalDateTime.of(-4712, 1, 1, 0, 0)),
                new OverflowValue(null, "294276-12-31 23:59:59.999999"),
                Long.MAX_VALUE - 1,
                new OverflowValue(null, "294247-01-10 04:00:54.775807"),
                new OverflowValue(null, "294247-01-10 04:00:55"),
                SemanticTypes.TIMESTAMP_INFINITY,
                SemanticTypes.TIMESTAMP_NEGATIVE_INFINITY,
                0L,
                -1L,
                946_684_800_500_000L));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.TIMESTAMP_MICROS);
  }

  @Test
  void timestamptzIsUtcMicrosWhateverOffsetItWasWrittenWith() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "timestamptz",
            List.of(
                "NULL",
                "'2024-01-02 03:04:05.123456+05:45'",
                "'2024-06-30 23:59:59-03:30'",
                "'2024-01-01 00:00:00+00'",
                "'0001-01-01 00:00:00+00 BC'",
                "'4713-01-01 00:00:00+00 BC'",
                "'294276-12-31 23:59:59.999999+00'",
                "'1900-01-01 00:00:00+12:34:56'",
                "'infinity'",
                "'-infinity'"),
            Arrays.asList(
                null,
                micros(LocalDateTime.of(2024, 1, 1, 21, 19, 5, 123_456_000)),
                micros(LocalDateTime.of(2024, 7, 1, 3, 29, 59)),
                micros(LocalDateTime.of(2024, 1, 1, 0, 0)),
                micros(LocalDateTime.of(0, 1, 1, 0, 0)),
                micros(LocalDateTime.of(-4712, 1, 1, 0, 0)),
                new OverflowValue(null, "294276-12-31 23:59:59.999999+00"),
                micros(LocalDateTime.of(1899, 12, 31, 11, 25, 4)),
                SemanticTypes.TIMESTAMP_INFINITY,
                SemanticTypes.TIMESTAMP_NEGATIVE_INFINITY));
    assertThat(decoder.schema().name()).isEqualTo(SemanticTypes.TIMESTAMP_TZ_MICROS);
  }

  @Test
  void intervalKeepsMonthsDaysAndMicrosApart() throws Exception {
    ValueDecoder decoder =
        db.assertReadsBack(
            "interval",
            List.of(
                "NULL",
                "'1 year 2 mons 3 days 04:05:06.789'",
                "'-1 years +2 mons -3 days +04:05:06'",
                "'00:00:00'",
                "'-00:00:00.000001'",
                "'1 day -00:00:01'",
                "'30 days'",
                "'1 mon'",
                "'100 hours'",
                "'-178956970 years -7 mons -2147483647 days -2562047788:00:54.775807'",
                "'178956970 years 7 mons 2147483646 days 2562047788:00:54.775807'",
                "'infinity'",
                "'-infinity'"),
            Arrays.asList(
                null,
                interval(14, 3, 14_706_789_000L),
                interval(-10, -3, 14_706_000_000L),
                interval(0, 0, 0),
                interval(0, 0, -1),
                interval(0, 1, -1_000_000L),
                interval(0, 30, 0),
                interval(1, 0, 0),
                interval(0, 0, 360_000_000_000L),
                interval(-Integer.MAX_VALUE, -Integer.MAX_VALUE, -Long.MAX_VALUE),
                interval(Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Long.MAX_VALUE),
                interval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE),
                interval(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE)));
    assertThat(decoder.schema()).isEqualTo(INTERVAL);
    assertThat(decoder.takesPlaceholder()).isFalse();
  }

  private static Date date(int year, int month, int day) {
    return new Date(LocalDate.of(year, month, day).toEpochDay() * 86_400_000L);
  }

  private static long micros(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000;
  }

  private static Struct interval(int months, int days, long micros) {
    return new Struct(INTERVAL)
        .put(SemanticTypes.INTERVAL_MONTHS, months)
        .put(SemanticTypes.INTERVAL_DAYS, days)
        .put(SemanticTypes.INTERVAL_MICROS, micros);
  }
}
