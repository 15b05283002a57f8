package io.ductstream.source.pg.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.envelope.SemanticTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class DateTimeTextTest {

  @Test
  void civilDaysMatchTheProlepticGregorianCalendar() {
    for (long day = -2_500_000; day <= 2_500_000; day += 997) {
      LocalDate date = LocalDate.ofEpochDay(day);
      assertThat(
              DateTimeText.daysFromCivil(
                  date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .as("%s", date)
          .isEqualTo(day);
    }
  }

  @Test
  void civilFromDaysInvertsDaysFromCivil() {
    for (long day = -2_500_000; day <= 2_500_000; day += 997) {
      LocalDate date = LocalDate.ofEpochDay(day);
      assertThat(DateTimeText.civilFromDays(day))
          .as("%s", date)
          .containsExactly(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }
  }

  @Test
  void timestampTextIsWhatPostgresPrints() {
    long lastMicros2000 = 9_223_371_331_199_999_999L; // 294276-12-31 23:59:59.999999
    assertThat(DateTimeText.timestampText(lastMicros2000, false))
        .isEqualTo("294276-12-31 23:59:59.999999");
    assertThat(DateTimeText.timestampText(lastMicros2000 - 999_999, true))
        .isEqualTo("294276-12-31 23:59:59+00");
    assertThat(DateTimeText.timestampText(500_000, false)).isEqualTo("2000-01-01 00:00:00.5");
    assertThat(DateTimeText.timestampText(-63_082_281_600_000_000L, false))
        .isEqualTo("0001-01-01 00:00:00");
    assertThat(DateTimeText.timestampText(-63_082_368_000_000_000L, true))
        .isEqualTo("0001-12-31 00:00:00+00 BC");
  }

  @Test
  void timestampTextPastLongMicrosSince1970FailsInsteadOfWrapping() {
    assertThatThrownBy(() -> micros("294276-12-31 23:59:59.999999"))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void timestamptzTextAppliesOddOffsets() {
    assertThat(micros("2024-01-02 03:04:05.123456+05:45"))
        .isEqualTo(micros(OffsetDateTime.parse("2024-01-02T03:04:05.123456+05:45")));
    assertThat(micros("2024-06-30 23:59:59-03:30"))
        .isEqualTo(micros(OffsetDateTime.parse("2024-06-30T23:59:59-03:30")));
    assertThat(micros("1900-01-01 00:00:00+12:34:56"))
        .isEqualTo(micros(OffsetDateTime.parse("1900-01-01T00:00:00+12:34:56")));
    assertThat(micros("0001-01-01 00:00:00+00 BC"))
        .isEqualTo(micros(OffsetDateTime.parse("0000-01-01T00:00:00Z")));
  }

  @Test
  void fractionsOfFewerThanSixDigitsArePadded() {
    assertThat(micros("1970-01-01 00:00:00.5")).isEqualTo(500_000L);
    assertThat(micros("1970-01-01 00:00:00.000001")).isEqualTo(1L);
    assertThat(micros("1969-12-31 23:59:59.99")).isEqualTo(-10_000L);
  }

  @Test
  void malformedTimestampIsDataException() {
    assertThatThrownBy(() -> micros("01/02/2024 03:04:05")).isInstanceOf(DataException.class);
  }

  @Test
  void timetzFromBinaryPrintsLikeTimetzOut() {
    // Binary zone offsets are seconds WEST of UTC.
    assertThat(TimeTzDecoder.format(0, 0)).isEqualTo("00:00:00+00");
    assertThat(TimeTzDecoder.format(45_296_789_000L, -(5 * 3600 + 45 * 60)))
        .isEqualTo("12:34:56.789+05:45");
    assertThat(TimeTzDecoder.format(86_399_999_999L, 3 * 3600 + 30 * 60))
        .isEqualTo("23:59:59.999999-03:30");
    assertThat(TimeTzDecoder.format(86_400_000_000L, -(5 * 3600 + 30 * 60 + 15)))
        .isEqualTo("24:00:00+05:30:15");
    assertThat(TimeTzDecoder.format(1_000_010L, 1)).isEqualTo("00:00:01.00001-00:00:01");
  }

  @Test
  void intervalTextInPostgresStyle() {
    assertThat(interval("1 year 2 mons 3 days 04:05:06.789"))
        .isEqualTo(struct(14, 3, 14_706_789_000L));
    assertThat(interval("-1 years +2 mons -3 days +04:05:06"))
        .isEqualTo(struct(-10, -3, 14_706_000_000L));
    assertThat(interval("-2562047788:00:54.775808")).isEqualTo(struct(0, 0, Long.MIN_VALUE));
    assertThat(interval("1 day")).isEqualTo(struct(0, 1, 0));
    assertThat(interval("infinity"))
        .isEqualTo(struct(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
    assertThatThrownBy(() -> interval("P1Y")).isInstanceOf(DataException.class);
  }

  @Test
  void moneyTextUnderCLocale() {
    assertThat(text(MoneyDecoder.INSTANCE, "-$92,233,720,368,547,758.08"))
        .isEqualTo(BigDecimal.valueOf(Long.MIN_VALUE, 2));
    assertThat(text(MoneyDecoder.INSTANCE, "$1,234.50")).isEqualTo(new BigDecimal("1234.50"));
    assertThat(text(MoneyDecoder.INSTANCE, "($0.01)")).isEqualTo(new BigDecimal("-0.01"));
  }

  private static long micros(OffsetDateTime time) {
    return time.toEpochSecond() * 1_000_000L + time.getNano() / 1_000;
  }

  private static long micros(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return DateTimeText.epochMicros(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  private static Object interval(String text) {
    return text(IntervalDecoder.INSTANCE, text);
  }

  private static Object text(ValueDecoder decoder, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return decoder.decodeText(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  private static Struct struct(int months, int days, long micros) {
    return new Struct(IntervalDecoder.INSTANCE.schema())
        .put(SemanticTypes.INTERVAL_MONTHS, months)
        .put(SemanticTypes.INTERVAL_DAYS, days)
        .put(SemanticTypes.INTERVAL_MICROS, micros);
  }
}
