package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs source-stream for real on a small load, so the benchmark keeps working between benchmark
 * runs. The test JVM sets its own max heap, so the benchmark runs in it.
 */
class SourceStreamBenchmarkIT {

  @Test
  void smallRunStreamsEveryChangeAndPrintsAResultWithItsLimit() throws Exception {
    Result result = new SourceStreamBenchmark().run(new BenchOptions(20_000, 1));
    System.out.println(result.line());
    assertThat(result.line())
        .matches(
            "RESULT name=source-stream rows=26000 seconds=[0-9.]+ rows_per_s=[0-9]+"
                + " mb_per_s=[0-9.]+ peak_rss_mb=[0-9]+ limit_rows_per_s=[0-9]+ ratio=[0-9.]+"
                + " runs=1");
  }
}
