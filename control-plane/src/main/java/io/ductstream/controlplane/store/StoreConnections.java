package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on a store connection, alone or in a transaction, from a small pool: at most {@code
 * maxConnections} connections at once, idle ones kept for the next call (checked after {@link
 * #CHECK_AFTER_IDLE}), one that failed is closed. A caller that waits longer than {@link
 * #BORROW_TIMEOUT} for a connection gets a {@link StoreException}. An {@link SQLException} becomes
 * a {@link StoreException} naming the action and the (masked) store.
 */
public final class StoreConnections implements AutoCloseable {
  static final String UNIQUE_VIOLATION = "23505";

  /** Connections the API server keeps to its store at most. */
  public static final int DEFAULT_MAX_CONNECTIONS = 8;

  static final Duration BORROW_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(StoreConnections.class);

  private final PostgresDsn dsn;
  private final DataSource dataSource;
  private final int maxConnections;
  private final boolean keepIdle;
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private StoreConnections(PostgresDsn dsn, int maxConnections, boolean keepIdle) {
    this.dsn = dsn;
    this.dataSource = StoreDataSource.of(dsn);
    this.maxConnections = maxConnections;
    this.keepIdle = keepIdle;
    this.permits = new Semaphore(maxConnections, true);
  }

  /** A pool of at most {@code maxConnections}, keeping idle ones: the API server's. */
  public static StoreConnections pooled(PostgresDsn dsn, int maxConnections) {
    return new StoreConnections(dsn, maxConnections, true);
  }

  /** One connection per call, closed after it: for CLIs that make a call or two. */
  public static StoreConnections unpooled(PostgresDsn dsn) {
    return new StoreConnections(dsn, DEFAULT_MAX_CONNECTIONS, false);
  }

  <T> T query(String action, SqlWork<T> work) {
    Connection connection = borrow(action);
    boolean broken = true;
    try {
      T result = work.run(connection);
      broken = false;
      return result;
    } catch (SQLException e) {
      throw failure(action, e);
    } catch (RuntimeException e) {
      broken = false;
      throw e;
    } finally {
      giveBack(connection, broken);
    }
  }

  <T> T transaction(String action, SqlWork<T> work) {
    Connection connection = borrow(action);
    boolean broken = true;
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        broken = false;
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        broken = e instanceof SQLException;
        throw e;
      }
    } catch (SQLException e) {
      throw failure(action, e);
    } finally {
      giveBack(connection, broken);
    }
  }

  StoreException failure(String action, SQLException e) {
    return new StoreException(
        "cannot " + action + " in the store at " + dsn.masked() + ": " + StoreDataSource.reason(e),
        e);
  }

  private Connection borrow(String action) {
    try {
      if (!permits.tryAcquire(BORROW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StoreException(
            "cannot "
                + action
                + ": all "
                + maxConnections
                + " connections to the store at "
                + dsn.masked()
                + " were busy for "
                + BORROW_TIMEOUT.toSeconds()
                + "s",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("cannot " + action + ": interrupted", e);
    }
    try {
      for (Idle candidate = idle.pollFirst(); candidate != null; candidate = idle.pollFirst()) {
        if (usable(candidate)) {
          return candidate.connection;
        }
        closeQuietly(candidate.connection);
      }
      return dataSource.getConnection();
    } catch (SQLException e) {
      permits.release();
      throw failure(action, e);
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private static boolean usable(Idle candidate) throws SQLException {
    if (System.nanoTime() - candidate.sinceNanos < CHECK_AFTER_IDLE.toNanos()) {
      return !candidate.connection.isClosed();
    }
    return candidate.connection.isValid(2);
  }

  private void giveBack(Connection connection, boolean broken) {
    try {
      if (broken || closed || !keepIdle || connection.isClosed()) {
        closeQuietly(connection);
        return;
      }
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      idle.addFirst(new Idle(connection, System.nanoTime()));
    } catch (SQLException e) {
      closeQuietly(connection);
    } finally {
      permits.release();
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing a store connection failed", e);
    }
  }

  /** Closes the idle connections; those in use are closed when they come back. */
  @Override
  public void close() {
    closed = true;
    for (Idle candidate = idle.pollFirst(); candidate != null; candidate = idle.pollFirst()) {
      closeQuietly(candidate.connection);
    }
  }

  private record Idle(Connection connection, long sinceNanos) {}

  /** Work on one store connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
