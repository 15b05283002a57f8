package io.ductstream.bench;

import io.ductstream.source.pg.PostgresSourceConnector;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code source-stream} (issue 4): how fast the Postgres source task streams the anchor workload,
 * against PostgreSQL's own walsender limit (pg_recvlogical) on the same WAL in the same run.
 * Target: ratio at least 0.9 with under 512 MB RSS. Every run reads its own pair of slots, both
 * created before the load: one for pg_recvlogical, one for the connector.
 */
final class SourceStreamBenchmark implements Benchmark {
  static final String DATABASE = "bench";
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
    if (!BoundedHeapJvm.maxHeapSet()) {
      return BoundedHeapJvm.rerun(name(), options);
    }
    AnchorWorkload workload = new AnchorWorkload(options.rows());
    try (BenchPostgres pg = BenchPostgres.start()) {
      try (Connection admin = pg.connect("postgres");
          Statement s = admin.createStatement()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
      WalsenderLimit limit = new WalsenderLimit(pg, DATABASE);
      List<Map<String, String>> taskConfigs = new ArrayList<>();
      String endLsn;
      long pgoutputBytes;
      try (Connection c = pg.connect(DATABASE)) {
        workload.createSchema(c);
        for (int run = 1; run <= options.runs(); run++) {
          limit.createSlot(c, limitSlot(run));
          taskConfigs.add(prepareConnector(pg, "ductstream_" + run));
        }
        long loadStart = System.nanoTime();
        workload.load(c);
        System.out.printf(
            "loaded %d changes (%d inserts, %d updates, %d deletes) in %.1f s%n",
            workload.changes(),
            workload.rows(),
            workload.updates(),
            workload.deletes(),
            (System.nanoTime() - loadStart) / 1e9);
        endLsn = currentWalLsn(c);
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
   * Lets the connector check the source and create its slot, as it does when a flow starts, and
   * returns the config of its one task.
   */
  static Map<String, String> prepareConnector(BenchPostgres pg, String slot) {
    // streaming only: the table is empty when the slot is made, there is nothing to snapshot
    return prepareConnector(pg, slot, Map.of(PostgresSourceConfig.SNAPSHOT_MODE, "never"));
  }

  /** As {@link #prepareConnector(BenchPostgres, String)}, with {@code extra} connector config. */
  static Map<String, String> prepareConnector(
      BenchPostgres pg, String slot, Map<String, String> extra) {
    Map<String, String> config =
        new HashMap<>(
            Map.of(
                PostgresSourceConfig.DATABASE_DSN,
                "postgres://postgres@127.0.0.1:" + pg.port() + "/" + DATABASE,
                PostgresSourceConfig.SLOT_NAME,
                slot,
                PostgresSourceConfig.SLOT_CREATE,
                "true",
                PostgresSourceConfig.PUBLICATION_NAME,
                AnchorWorkload.PUBLICATION,
                PostgresSourceConfig.PUBLICATION_CREATE,
                "false",
                PostgresSourceConfig.TABLE_INCLUDE_LIST,
                "public." + AnchorWorkload.TABLE,
                PostgresSourceConfig.TOPIC_PREFIX,
                DATABASE));
    config.putAll(extra);
    PostgresSourceConnector connector = new PostgresSourceConnector();
    connector.start(config);
    try {
      return connector.taskConfigs(1).get(0);
    } finally {
      connector.stop();
    }
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

  private static String currentWalLsn(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
