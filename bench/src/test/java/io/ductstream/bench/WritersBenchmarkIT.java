package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.bench.EncodeThroughput.Settings;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code writers} benchmark's JMH path for real (forked JVMs, every format) with
 * iterations too short to trust, so the harness keeps working between benchmark runs.
 */
class WritersBenchmarkIT {

  @Test
  void quickJmhRunPrintsAResultNamingTheSlowestWriter() throws Exception {
    Result result =
        new WritersBenchmark(runs -> Settings.quick(), false).run(new BenchOptions(10_000, 1));
    System.out.println(result.line());
    assertThat(result.line())
        .matches(
            "RESULT name=writers rows=2000 seconds=[0-9.]+ rows_per_s=[1-9][0-9]*"
                + " mb_per_s=[0-9.]+ slowest=(arrow|parquet|avro|proto|json)"
                + " cpu_rows_per_s=[1-9][0-9]* converter_records_per_s=[1-9][0-9]*"
                + " slowest_converter=(arrow|parquet|avro|proto|json) peak_rss_mb=[1-9][0-9]* runs=1");
  }
}
