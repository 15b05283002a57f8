package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchHarnessTest {

  @Test
  void resultLineKeepsKeysInOrder() {
    Result r =
        new Result("source-stream")
            .add("rows", 1_300_000)
            .add("seconds", 13.94, 1)
            .add("ratio", 0.9234, 2);
    assertThat(r.line())
        .isEqualTo("RESULT name=source-stream rows=1300000 seconds=13.9 ratio=0.92");
  }

  @Test
  void resultValuesMustBeOneWord() {
    assertThatThrownBy(() -> new Result("x").add("format", "two words"))
        .hasMessageContaining("must be one word");
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Measurements.median(3, 1, 2)).isEqualTo(2);
    assertThat(Measurements.median(4, 1, 3, 2)).isEqualTo(2.5);
  }

  @Test
  void optionsDefaultAndParse() {
    assertThat(BenchOptions.parse(List.of())).isEqualTo(new BenchOptions(1_000_000, 3));
    assertThat(BenchOptions.parse(List.of("-n", "200_000", "--runs", "5")))
        .isEqualTo(new BenchOptions(200_000, 5));
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast", "1")))
        .hasMessageContaining("unknown option --fast");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("-n", "-5")))
        .hasMessageContaining("-n must be a positive");
  }

  @Test
  void workloadChangesAreOnePointThreeTimesTheInserts() {
    AnchorWorkload w = new AnchorWorkload(1_000_000);
    assertThat(w.changes()).isEqualTo(1_300_000);
    assertThatThrownBy(() -> new AnchorWorkload(12_345)).hasMessageContaining("multiple of 10000");
  }
}
