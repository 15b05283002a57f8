package io.ductstream.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code source-stream} (issue 4): how fast the Postgres source task streams the anchor workload,
 * against PostgreSQL's own walsender limit (pg_recvlogical) on the same WAL in the same run.
 * Target: ratio at least 0.9 with under 512 MB RSS. Every run reads its own pair of slots, both
 * created before the load: one for pg_recvlogical, one for the connector.
 */
final class SourceStreamBenchmark implements Benchmark {
  private static final double MB = 1024.0 * 1024.0;

  @Override
  public String name() {
    return "source-stream";
  }

  @Override
  public String description() {
    return "the source task's streaming rate on the anchor workload as a ratio to pg_recvlogical's,"
        + " with MB/s and peak RSS (heap "
        + BoundedHeapJvm.DEFAULT_MAX_HEAP
        + " unless JAVA_OPTS sets one)";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    AnchorWorkload workload = new AnchorWorkload(options.rows());
    try (BenchFixture bench = BenchFixture.start(workload)) {
      WalsenderLimit limit = new WalsenderLimit(bench);
      SourceConnectorSetup connector = new SourceConnectorSetup(bench);
      List<Map<String, String>> taskConfigs = new ArrayList<>();
      String endLsn;
      long pgoutputBytes;
      try (Connection c = bench.connect()) {
        for (int run = 1; run <= options.runs(); run++) {
          limit.createSlot(c, limitSlot(run));
          taskConfigs.add(connector.taskConfig("ductstream_" + run));
        }
        endLsn = bench.load(c);
        pgoutputBytes = pgoutputBytes(c, limitSlot(1), endLsn);
      }

      int runs = options.runs();
      double[] seconds = new double[runs];
      double[] rates = new double[runs];
      double[] limitRates = new double[runs];
      double[] ratios = new double[runs];
      for (int run = 0; run < runs; run++) {
        double limitSeconds =
            limit.secondsToStream(limitSlot(run + 1), endLsn, AnchorWorkload.PUBLICATION);
        limitRates[run] = workload.changes() / limitSeconds;
        SourceTaskDriver.Timing task =
            new SourceTaskDriver(taskConfigs.get(run)).stream(workload.changes());
        seconds[run] = task.seconds();
        rates[run] = workload.changes() / seconds[run];
        ratios[run] = rates[run] / limitRates[run];
        System.out.printf(
            "run %d: task %.2f s (start %.2f s, first record at %.2f s, JVM CPU %.1f s),"
                + " %.0f rows/s, %.1f MB/s; pg_recvlogical %.2f s, %.0f rows/s; ratio %.2f;"
                + " peak RSS so far %d MB%n",
            run + 1,
            seconds[run],
            task.startSeconds(),
            task.firstRecordSeconds(),
            task.cpuSeconds(),
            rates[run],
            pgoutputBytes / MB / seconds[run],
            limitSeconds,
            limitRates[run],
            ratios[run],
            Measurements.peakRssMb());
      }
      System.out.printf(
          "MB/s counts the %.1f MB of pgoutput messages of the load (proto_version=1, as"
              + " pg_recvlogical receives them); ratio is the median of each run's task/limit ratio;"
              + " peak RSS is this JVM's VmHWM with a max heap of %d MB%n",
          pgoutputBytes / MB, Runtime.getRuntime().maxMemory() / (1024 * 1024));
      return Result.againstLimit(
          name(), workload.changes(), seconds, rates, pgoutputBytes, limitRates, ratios);
    }
  }

  private static String limitSlot(int run) {
    return "limit_" + run;
  }

  /**
   * The bytes of every pgoutput message the walsender sends for the load, read without consuming
   * {@code slot}.
   */
  private static long pgoutputBytes(Connection c, String slot, String endLsn) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum(length(data)), 0) FROM pg_logical_slot_peek_binary_changes('"
                    + slot
                    + "', '"
                    + endLsn
                    + "', NULL, 'proto_version', '1', 'publication_names', '"
                    + AnchorWorkload.PUBLICATION
                    + "')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
