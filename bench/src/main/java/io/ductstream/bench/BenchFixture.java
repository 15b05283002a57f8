package io.ductstream.bench;

import io.ductstream.testkit.PostgresCluster;
import io.ductstream.testkit.PostgresCluster.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the database benchmarks start from: a fresh PostgreSQL of the machine's own binaries on a
 * free port with {@code wal_level=logical} and default durability settings, and in it database
 * {@value #DATABASE} with the anchor workload's table and publication. Closing it stops the server
 * and removes its files. The binaries come from {@code DUCTSTREAM_BENCH_PG_BIN} or {@code
 * /usr/lib/postgresql/15/bin}: the limit's {@code pg_recvlogical} must be of the same server.
 */
final class BenchFixture implements AutoCloseable {
  static final String DATABASE = "bench";
  static final String PG_BIN_ENV = "DUCTSTREAM_BENCH_PG_BIN";
  private static final String DEFAULT_PG_BIN = "/usr/lib/postgresql/15/bin";

  private final Path bin;
  private final PostgresCluster pg;
  private final AnchorWorkload workload;

  private BenchFixture(Path bin, PostgresCluster pg, AnchorWorkload workload) {
    this.bin = bin;
    this.pg = pg;
    this.workload = workload;
  }

  /** Starts the server and creates database {@value #DATABASE} with the workload's schema. */
  static BenchFixture start(AnchorWorkload workload) throws SQLException {
    Path bin = pgBin();
    PostgresCluster pg;
    try {
      pg =
          PostgresCluster.builder()
              .binaries(bin)
              .durability(Durability.FULL)
              .replicationSlots(10)
              .setting("shared_buffers", "256MB")
              .setting("max_wal_size", "4GB")
              .start();
    } catch (IllegalStateException e) {
      throw new BenchException(e.getMessage());
    }
    BenchFixture fixture = new BenchFixture(bin, pg, workload);
    try {
      fixture.createDatabase(DATABASE);
      try (Connection c = fixture.connect()) {
        workload.createSchema(c);
      }
    } catch (SQLException | RuntimeException e) {
      pg.close();
      throw e;
    }
    return fixture;
  }

  private static Path pgBin() {
    String configured = System.getenv(PG_BIN_ENV);
    Path bin = Path.of(configured == null || configured.isBlank() ? DEFAULT_PG_BIN : configured);
    if (!Files.isExecutable(bin.resolve("initdb"))
        || !Files.isExecutable(bin.resolve("pg_recvlogical"))) {
      throw new BenchException(
          "no PostgreSQL binaries (initdb, pg_ctl, pg_recvlogical) in "
              + bin
              + "; install PostgreSQL 15+ or set "
              + PG_BIN_ENV
              + " to its bin directory");
    }
    return bin;
  }

  AnchorWorkload workload() {
    return workload;
  }

  int port() {
    return pg.port();
  }

  /** Path of a client tool of the same PostgreSQL, e.g. {@code pg_recvlogical}. */
  String tool(String name) {
    return bin.resolve(name).toString();
  }

  /** {@code postgres://postgres@127.0.0.1:port/database}, as a flow or a connector is given it. */
  String postgresUrl(String database) {
    return pg.postgresUrl(database);
  }

  void createDatabase(String database) throws SQLException {
    try (Connection admin = connect("postgres");
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
  }

  /** A connection to database {@value #DATABASE}. */
  Connection connect() throws SQLException {
    return connect(DATABASE);
  }

  Connection connect(String database) throws SQLException {
    return pg.connect(database);
  }

  /**
   * Runs the workload's load (inserts, updates, deletes) on {@code c}, prints what it loaded, and
   * returns the WAL position after it: where a stream of the load ends.
   */
  String load(Connection c) throws SQLException {
    long loadStart = System.nanoTime();
    workload.load(c);
    System.out.printf(
        "loaded %d changes (%d inserts, %d updates, %d deletes) in %.1f s%n",
        workload.changes(),
        workload.rows(),
        workload.updates(),
        workload.deletes(),
        (System.nanoTime() - loadStart) / 1e9);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() {
    pg.close();
  }
}
