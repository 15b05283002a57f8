package io.ductstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ductstream.testkit.PostgresCluster.Durability;
import io.ductstream.testkit.PostgresCluster.Shutdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A cluster of a local installation's binaries (as the benchmarks start), restarted both ways; the
 * embedded kind's restarts are PostgresRestartIT's (module connector-source-pg).
 */
class PostgresClusterIT {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  @Test
  void installedClusterKeepsCommittedRowsAcrossFastAndImmediateRestarts() throws Exception {
    assumeTrue(Files.isExecutable(BIN.resolve("pg_ctl")), "no PostgreSQL 15 installed in " + BIN);
    try (PostgresCluster pg =
        PostgresCluster.builder().binaries(BIN).durability(Durability.PROCESS_CRASH).start()) {
      try (Connection c = pg.connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id int)");
        s.execute("INSERT INTO kept VALUES (1)");
        assertThat(show(s, "wal_level")).isEqualTo("logical");
      }
      pg.restart(Shutdown.FAST);
      try (Connection c = pg.connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO kept VALUES (2)");
      }
      pg.restart(Shutdown.IMMEDIATE);
      try (Connection c = pg.connect("postgres");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM kept")) {
        rs.next();
        System.out.println(
            "after a fast and an immediate restart the table holds " + rs.getLong(1));
        assertThat(rs.getLong(1)).isEqualTo(2);
      }
    }
  }

  private static String show(Statement s, String setting) throws Exception {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
