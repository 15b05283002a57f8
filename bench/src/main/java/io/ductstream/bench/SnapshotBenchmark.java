package io.ductstream.bench;

import io.ductstream.source.pg.config.PostgresSourceConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.postgresql.PGConnection;

/**
 * {@code snapshot} (issue 5): how fast the source task's initial snapshot reads what the anchor
 * workload leaves (0.9 × {@code -n} rows), against the server's own read of the same table in the
 * same run ({@code COPY bench TO '/dev/null'}, which reads and formats every row without sending
 * it). Target: at least 150k rows/s with bounded memory. Each run snapshots through its own slot
 * with {@code snapshot.mode=initial_only}.
 */
final class SnapshotBenchmark implements Benchmark {
  private static final double MB = 1024.0 * 1024.0;

  @Override
  public String name() {
    return "snapshot";
  }

  @Override
  public String description() {
    return "the source task's initial snapshot of the anchor table (0.9 × -n rows): rows/s, MB/s"
        + " and peak RSS (heap "
        + BoundedHeapJvm.DEFAULT_MAX_HEAP
        + "), next to the server's COPY of the table to /dev/null";
  }

  @Override
  public Result run(BenchOptions options) throws Exception {
    AnchorWorkload workload = new AnchorWorkload(options.rows());
    try (BenchFixture bench = BenchFixture.start(workload)) {
      long rows;
      long copyBytes;
      try (Connection c = bench.connect()) {
        long loadStart = System.nanoTime();
        workload.load(c);
        try (Statement s = c.createStatement()) {
          s.execute("VACUUM ANALYZE " + AnchorWorkload.TABLE);
        }
        rows = count(c);
        copyBytes = binaryCopyBytes(c);
        System.out.printf(
            "loaded and vacuumed the table in %.1f s: %d rows, %.1f MB as binary COPY%n",
            (System.nanoTime() - loadStart) / 1e9, rows, copyBytes / MB);
      }

      int runs = options.runs();
      double[] seconds = new double[runs];
      double[] rates = new double[runs];
      double[] limitRates = new double[runs];
      double[] ratios = new double[runs];
      SourceConnectorSetup connector = new SourceConnectorSetup(bench);
      List<Map<String, String>> taskConfigs = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        taskConfigs.add(
            connector.taskConfig(
                "snapshot_" + run, Map.of(PostgresSourceConfig.SNAPSHOT_MODE, "initial_only")));
      }
      for (int run = 0; run < runs; run++) {
        double limitSeconds = serverCopySeconds(bench);
        limitRates[run] = rows / limitSeconds;
        SourceTaskDriver.Timing task =
            new SourceTaskDriver(taskConfigs.get(run)).stream(rows, SnapshotBenchmark::isRow);
        seconds[run] = task.seconds();
        rates[run] = rows / seconds[run];
        ratios[run] = rates[run] / limitRates[run];
        System.out.printf(
            "run %d: task %.2f s (start %.2f s, first record at %.2f s, JVM CPU %.1f s),"
                + " %.0f rows/s, %.1f MB/s; server COPY to /dev/null %.2f s, %.0f rows/s;"
                + " ratio %.2f; peak RSS so far %d MB%n",
            run + 1,
            seconds[run],
            task.startSeconds(),
            task.firstRecordSeconds(),
            task.cpuSeconds(),
            rates[run],
            copyBytes / MB / seconds[run],
            limitSeconds,
            limitRates[run],
            ratios[run],
            Measurements.peakRssMb());
      }
      System.out.printf(
          "MB/s counts the table's %.1f MB as binary COPY; the limit is the server's text COPY of"
              + " the table to /dev/null (read and format, no network); peak RSS is this JVM's"
              + " VmHWM with a max heap of %d MB%n",
          copyBytes / MB, Runtime.getRuntime().maxMemory() / (1024 * 1024));
      return Result.againstLimit(name(), rows, seconds, rates, copyBytes, limitRates, ratios);
    }
  }

  /** A snapshot row of the benchmark table (not a heartbeat or another table's record). */
  private static boolean isRow(SourceRecord record) {
    return record.value() != null && SourceConnectorSetup.TOPIC.equals(record.topic());
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + AnchorWorkload.TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The size of the table as a binary COPY stream, which is what the snapshot reads. */
  private static long binaryCopyBytes(Connection c) throws SQLException {
    long[] bytes = new long[1];
    OutputStream counter =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes[0] += len;
          }
        };
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut("COPY " + AnchorWorkload.TABLE + " TO STDOUT (FORMAT binary)", counter);
    } catch (IOException e) {
      throw new SQLException("counting the binary COPY bytes failed: " + e.getMessage(), e);
    }
    return bytes[0];
  }

  /** The server reading and formatting the whole table, with no client in the way. */
  private static double serverCopySeconds(BenchFixture bench) throws SQLException {
    try (Connection c = bench.connect();
        Statement s = c.createStatement()) {
      long start = System.nanoTime();
      s.execute("COPY " + AnchorWorkload.TABLE + " TO '/dev/null'");
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
