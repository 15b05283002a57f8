package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs source-large-tx on a small transaction so the benchmark keeps working. */
class LargeTransactionBenchmarkIT {

  @Test
  void oneTransactionStreamsThroughTheTaskAndPrintsAResult() throws Exception {
    Result result = new LargeTransactionBenchmark().run(new BenchOptions(30_000, 1));
    System.out.println(result.line());
    assertThat(result.line())
        .matches(
            "RESULT name=source-large-tx rows=30000 seconds=[0-9.]+ rows_per_s=[0-9]+"
                + " peak_rss_mb=[0-9]+ runs=1");
  }
}
