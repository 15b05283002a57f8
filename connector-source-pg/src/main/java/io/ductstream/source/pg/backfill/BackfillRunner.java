package io.ductstream.source.pg.backfill;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.source.pg.catalog.CatalogReader;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill's reading thread: for the current table of the plan, writes a low watermark, reads
 * the next chunk in key order, hands it over, writes the high watermark, and waits until the
 * replication thread passed it before the next chunk. Reads on a connection of its own in read
 * committed mode; a lost connection is reopened after a pause.
 */
final class BackfillRunner {
  private static final Logger log = LoggerFactory.getLogger(BackfillRunner.class);
  private static final long WAIT_MILLIS = 200;
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

  private final Backfills backfills;
  private final PostgresDsn dsn;
  private final int chunkRows;
  private final Consumer<RuntimeException> fatal;
  private volatile boolean running = true;
  private Thread thread;
  private long seq;

  /**
   * @param fatal fails the task: what the thread cannot recover from (anything but a lost
   *     connection) must not end it unnoticed, with the backfill's plan never advancing
   */
  BackfillRunner(
      Backfills backfills, PostgresDsn dsn, int chunkRows, Consumer<RuntimeException> fatal) {
    this.backfills = backfills;
    this.dsn = dsn;
    this.chunkRows = chunkRows;
    this.fatal = fatal;
  }

  void start(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (running) {
        try (Connection connection = PgConnections.openReader(dsn)) {
          readChunks(connection);
        } catch (SQLException e) {
          if (running) {
            log.warn(
                "backfill reading from {} failed ({}); retrying in {} s",
                dsn.masked(),
                e.getMessage(),
                RETRY_PAUSE.toSeconds());
            Thread.sleep(RETRY_PAUSE.toMillis());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      if (running) {
        log.error("backfill stopped: {}", e.toString());
        fatal.accept(
            e instanceof RuntimeException r
                ? r
                : new ConnectException("backfill stopped by " + e, e));
      }
    }
  }

  private void readChunks(Connection connection) throws SQLException, InterruptedException {
    int serverVersion = Integer.parseInt(PgConnections.show(connection, "server_version_num"));
    CatalogReader catalog = new CatalogReader(connection, serverVersion);
    try (PreparedStatement watermark =
        connection.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
      watermark.setString(1, Backfills.WATERMARK_PREFIX);
      while (running) {
        BackfillProgress plan = backfills.awaitPlan(WAIT_MILLIS);
        if (plan == null) {
          continue;
        }
        long chunk = ++seq;
        String table = plan.table();
        TableShape described = null;
        ChunkRows rows;
        try {
          described = describe(catalog, table);
          mark(watermark, "L:" + chunk + ":" + described.oid());
          try (PreparedStatement select =
              connection.prepareStatement(ChunkRows.query(described, plan.afterKey()))) {
            rows = ChunkRows.read(select, chunk, described, plan.afterKey(), chunkRows);
          }
        } catch (IllegalArgumentException e) {
          rows = ChunkRows.failed(chunk, table, e.getMessage());
        } catch (SQLException e) {
          if (e.getSQLState() == null || e.getSQLState().startsWith("08")) {
            throw e; // the connection is gone: reopen and read the chunk again
          }
          rows = ChunkRows.failed(chunk, table, e.getMessage());
        }
        if (described == null) {
          mark(watermark, "L:" + chunk + ":0");
        }
        backfills.offer(rows);
        mark(watermark, "H:" + chunk);
        awaitConsumed();
      }
    }
  }

  /**
   * The table to read, with a key to page by.
   *
   * @throws IllegalArgumentException when the table does not exist or has no key to page by
   */
  private static TableShape describe(CatalogReader catalog, String table) throws SQLException {
    TableShape shape =
        catalog
            .describe(TableId.parse(table))
            .orElseThrow(() -> new IllegalArgumentException("table " + table + " does not exist"));
    if (shape.splitKey().isEmpty()) {
      throw new IllegalArgumentException(
          "table "
              + table
              + " has no primary key or replica identity index to read it by in chunks; add a"
              + " primary key to backfill it");
    }
    return shape;
  }

  private void mark(PreparedStatement watermark, String what) throws SQLException {
    watermark.setString(2, backfills.tag() + ":" + what);
    watermark.execute();
  }

  private void awaitConsumed() throws InterruptedException {
    while (running && !backfills.awaitConsumed(WAIT_MILLIS)) {
      // the replication thread has not reached the high watermark yet
    }
  }
}
