package io.ductstream.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The anchor workload every benchmark uses, so figures compare across runs and with the issues'
 * anchor runs: table {@code bench(id bigint primary key, a int, b bigint, c text ~50 chars, d
 * timestamptz, e numeric(12,2), f boolean, g jsonb small)}; {@code rows} inserts in 10k-row
 * transactions, then updates of 20% and deletes of 10% of the rows, also in 10k-row transactions
 * (1.3 × rows changes), loaded with {@code synchronous_commit=off}.
 */
record AnchorWorkload(long rows) {
  static final int ROWS_PER_TRANSACTION = 10_000;
  static final String TABLE = "bench";
  static final String PUBLICATION = "bench_pub";

  AnchorWorkload {
    if (rows < ROWS_PER_TRANSACTION || rows % ROWS_PER_TRANSACTION != 0) {
      throw new BenchException(
          "-n must be a positive multiple of " + ROWS_PER_TRANSACTION + ", got " + rows);
    }
  }

  /** Row changes the load produces: every insert, update and delete. */
  long changes() {
    return rows + updates() + deletes();
  }

  long updates() {
    return rows / 5;
  }

  long deletes() {
    return rows / 10;
  }

  private static final String INSERT_RANGE =
      "INSERT INTO "
          + TABLE
          + " SELECT i, (i % 100000)::int, i * 7919, left(md5(i::text) || md5((i + 1)::text), 50),"
          + " timestamptz '2026-01-01' + i * interval '1 second', ((i % 1000000) / 100.0)::numeric(12,2),"
          + " i % 2 = 0, jsonb_build_object('k', i, 'tag', 't' || (i % 10))"
          + " FROM generate_series(?, ?) i";

  /** Creates the table and a publication of it. */
  void createSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + TABLE
              + " (id bigint PRIMARY KEY, a int, b bigint, c text, d timestamptz, e numeric(12,2),"
              + " f boolean, g jsonb)");
      s.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + TABLE);
    }
  }

  /**
   * Runs the inserts, then the updates (ids divisible by 5), then the deletes (ids ending in 1).
   */
  void load(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
    }
    try {
      inTransactions(c, INSERT_RANGE, ROWS_PER_TRANSACTION);
      inTransactions(
          c,
          "UPDATE "
              + TABLE
              + " SET a = a + 1, c = upper(c) WHERE id BETWEEN ? AND ? AND id % 5 = 0",
          ROWS_PER_TRANSACTION * 5L);
      inTransactions(
          c,
          "DELETE FROM " + TABLE + " WHERE id BETWEEN ? AND ? AND id % 10 = 1",
          ROWS_PER_TRANSACTION * 10L);
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** Inserts the rows of the workload in 10k-row transactions, with no updates or deletes. */
  void insertOnly(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
      inTransactions(c, INSERT_RANGE, ROWS_PER_TRANSACTION);
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** Inserts all the rows of the workload in one transaction (no updates or deletes). */
  void insertInOneTransaction(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
      inTransactions(c, INSERT_RANGE, rows);
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** Runs {@code sql} over id ranges of {@code idsPerTransaction}, one transaction each. */
  private void inTransactions(Connection c, String sql, long idsPerTransaction)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (long first = 1; first <= rows; first += idsPerTransaction) {
        ps.setLong(1, first);
        ps.setLong(2, Math.min(rows, first + idsPerTransaction - 1));
        ps.executeUpdate();
        c.commit();
      }
    }
  }
}
