package io.ductstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Runs the harness for real on a small load, so the benchmarks keep working between benchmark runs.
 */
class PgLimitBenchmarkIT {

  @Test
  void smallRunPrintsAResultWithAllChanges() throws Exception {
    Result result = new PgLimitBenchmark().run(new BenchOptions(20_000, 1));
    System.out.println(result.line());
    assertThat(result.line())
        .startsWith("RESULT name=pg-limit rows=26000 seconds=")
        .contains(" rows_per_s=");
  }

  @Test
  void workloadLeavesTheExpectedRows() throws Exception {
    AnchorWorkload workload = new AnchorWorkload(20_000);
    try (BenchFixture bench = BenchFixture.start(workload);
        Connection c = bench.connect()) {
      bench.load(c);
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), count(*) FILTER (WHERE c = upper(c)), max(length(c)) FROM bench")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(20_000 - workload.deletes());
        assertThat(rs.getLong(2)).isEqualTo(workload.updates());
        assertThat(rs.getInt(3)).isEqualTo(50);
      }
    }
  }
}
