package io.ductstream.bench;

import java.sql.Connection;

/**
 * {@code pg-limit}: how fast PostgreSQL's own walsender delivers the anchor workload to
 * pg_recvlogical. The baseline the source-stream target is a ratio of; also a check that the
 * machine's figures are sane.
 */
final class PgLimitBenchmark implements Benchmark {
  @Override
  public String name() {
    return "pg-limit";
  }

  @Override
  public String description() {
    return "PostgreSQL's own logical decoding rate (pg_recvlogical, pgoutput) on the anchor workload";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    AnchorWorkload workload = new AnchorWorkload(options.rows());
    try (BenchFixture bench = BenchFixture.start(workload)) {
      WalsenderLimit limit = new WalsenderLimit(bench);
      String endLsn;
      try (Connection c = bench.connect()) {
        for (int run = 1; run <= options.runs(); run++) {
          limit.createSlot(c, "limit_" + run);
        }
        endLsn = bench.load(c);
      }

      double[] rates = new double[options.runs()];
      double[] seconds = new double[options.runs()];
      for (int run = 0; run < options.runs(); run++) {
        seconds[run] =
            limit.secondsToStream("limit_" + (run + 1), endLsn, AnchorWorkload.PUBLICATION);
        rates[run] = workload.changes() / seconds[run];
        System.out.printf(
            "run %d: pg_recvlogical %.2f s, %.0f rows/s%n", run + 1, seconds[run], rates[run]);
      }
      return new Result(name())
          .add("rows", workload.changes())
          .add("seconds", Measurements.median(seconds), 1)
          .add("rows_per_s", Math.round(Measurements.median(rates)))
          .add("runs", options.runs());
    }
  }
}
