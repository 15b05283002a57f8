package io.ductstream.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL's own delivery limit for a workload: {@code pg_recvlogical} with pgoutput, reading a
 * slot of database {@value BenchFixture#DATABASE} created before the load up to the LSN after it,
 * writing to /dev/null. The source benchmarks report their rate as a ratio to this, measured in the
 * same run on the same WAL.
 */
final class WalsenderLimit {
  private final BenchFixture bench;

  WalsenderLimit(BenchFixture bench) {
    this.bench = bench;
  }

  /** Creates a pgoutput slot; call before the load, one slot per measured run. */
  void createSlot(Connection c, String slot) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    }
  }

  /** Streams {@code slot} up to {@code endLsn} and returns the seconds it took. */
  double secondsToStream(String slot, String endLsn, String publication)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Processes.run(
        List.of(
            bench.tool("pg_recvlogical"),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(bench.port()),
            "-U",
            "postgres",
            "-d",
            BenchFixture.DATABASE,
            "--slot",
            slot,
            "--start",
            "--no-loop",
            "--endpos",
            endLsn,
            "-o",
            "proto_version=1",
            "-o",
            "publication_names=" + publication,
            "-f",
            "/dev/null"),
        "pg_recvlogical on slot " + slot);
    return (System.nanoTime() - start) / 1e9;
  }
}
