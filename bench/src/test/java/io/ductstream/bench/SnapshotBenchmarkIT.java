package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs snapshot on a small table so the benchmark keeps working between benchmark runs. */
class SnapshotBenchmarkIT {

  @Test
  void smallSnapshotReadsEveryRowAndPrintsAResultWithItsLimit() throws Exception {
    Result result = new SnapshotBenchmark().run(new BenchOptions(20_000, 1));
    System.out.println(result.line());
    assertThat(result.line())
        .matches(
            "RESULT name=snapshot rows=18000 seconds=[0-9.]+ rows_per_s=[0-9]+ mb_per_s=[0-9.]+"
                + " peak_rss_mb=[0-9]+ limit_rows_per_s=[0-9]+ ratio=[0-9.]+ runs=1");
  }
}
