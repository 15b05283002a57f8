package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs sink-s3 on a small topic so the benchmark keeps working between benchmark runs. */
class SinkS3BenchmarkIT {

  @Test
  void smallTopicLandsInParquetObjectsAndPrintsAResult() throws Exception {
    Result result = new SinkS3Benchmark().run(new BenchOptions(20_000, 1));
    System.out.println(result.line());
    assertThat(result.line())
        .matches(
            "RESULT name=sink-s3 rows=20000 seconds=[0-9.]+ rows_per_s=[0-9]+ mb_per_s=[0-9.]+"
                + " peak_rss_mb=[0-9]+ runs=1");
  }
}
