package io.ductstream.controlplane.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void parsesGoStyleDurations() {
    assertThat(DurationText.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationText.parse("250")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void refusesUnknownUnitsAndText() {
    assertThatThrownBy(() -> DurationText.parse("10d")).hasMessageContaining("unknown unit \"d\"");
    assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("expected a number");
    assertThatThrownBy(() -> DurationText.parse("")).hasMessageContaining("empty");
  }

  @Test
  void formatsInTheLargestWholeUnit() {
    assertThat(DurationText.format(Duration.ofMillis(100))).isEqualTo("100ms");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ofMinutes(1))).isEqualTo("1m");
    assertThat(DurationText.format(Duration.ofDays(1))).isEqualTo("24h");
  }
}
