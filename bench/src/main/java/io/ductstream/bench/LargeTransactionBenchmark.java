package io.ductstream.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code source-large-tx} (issue 4, memory): one transaction of {@code -n} benchmark rows goes
 * through the source task in a JVM with a small fixed heap. Postgres streams it in chunks (protocol
 * 2+), the task keeps them in a temporary file until the commit, then emits them through its
 * byte-bounded queue: peak RSS must not grow with the transaction.
 */
final class LargeTransactionBenchmark implements Benchmark {
  @Override
  public String name() {
    return "source-large-tx";
  }

  @Override
  public String description() {
    return "one transaction of -n rows through the source task in a "
        + BoundedHeapJvm.DEFAULT_MAX_HEAP
        + " heap: rows/s and peak RSS (the issue's case: -n 10000000)";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    AnchorWorkload workload = new AnchorWorkload(options.rows());
    try (BenchFixture bench = BenchFixture.start(workload)) {
      SourceConnectorSetup connector = new SourceConnectorSetup(bench);
      List<Map<String, String>> taskConfigs = new ArrayList<>();
      try (Connection c = bench.connect()) {
        for (int run = 1; run <= options.runs(); run++) {
          taskConfigs.add(connector.taskConfig("large_" + run));
        }
        long loadStart = System.nanoTime();
        workload.insertInOneTransaction(c);
        System.out.printf(
            "loaded one transaction of %d rows in %.1f s%n",
            options.rows(), (System.nanoTime() - loadStart) / 1e9);
      }

      int runs = options.runs();
      double[] seconds = new double[runs];
      double[] rates = new double[runs];
      for (int run = 0; run < runs; run++) {
        SourceTaskDriver.Timing task =
            new SourceTaskDriver(taskConfigs.get(run)).stream(options.rows());
        seconds[run] = task.seconds();
        rates[run] = options.rows() / seconds[run];
        System.out.printf(
            "run %d: %.2f s, %.0f rows/s, JVM CPU %.1f s; %s; peak RSS so far %d MB%n",
            run + 1,
            seconds[run],
            rates[run],
            task.cpuSeconds(),
            streamStats(bench, "large_" + (run + 1)),
            Measurements.peakRssMb());
      }
      System.out.printf(
          "peak RSS is this JVM's VmHWM with a max heap of %d MB, whatever -n is%n",
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
      return new Result(name())
          .add("rows", options.rows())
          .add("seconds", Measurements.median(seconds), 1)
          .add("rows_per_s", Math.round(Measurements.median(rates)))
          .add("peak_rss_mb", Measurements.peakRssMb())
          .add("runs", runs);
    }
  }

  /** How Postgres sent the transaction to the slot: streamed chunks, or spilled on its side. */
  private static String streamStats(BenchFixture bench, String slot) throws SQLException {
    try (Connection c = bench.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT stream_txns, stream_count, pg_size_pretty(stream_bytes) FROM"
                    + " pg_stat_replication_slots WHERE slot_name = '"
                    + slot
                    + "'")) {
      return rs.next()
          ? "Postgres streamed "
              + rs.getLong(1)
              + " transaction(s) in "
              + rs.getLong(2)
              + " chunks, "
              + rs.getString(3)
          : "no slot statistics";
    }
  }
}
