package io.ductstream.controlplane.quickstart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quick start's live load on the sample tables: small transactions of inserts, updates and
 * deletes (new orders with their items, status changes, cancelled orders, new and changed
 * customers, every_type rows), paced to a rate of changed rows per second, until it has changed
 * {@code maxRows} rows, its time is up or it is stopped. No transaction changes a row twice, so the
 * changes of a key are ordered by their commit LSN.
 */
public final class ChangeGenerator implements Runnable {
  private static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "returned"};

  private final Connection connection;
  private final long maxRows;
  private final Duration duration;
  private final double rowsPerSecond;
  private final AtomicLong changed = new AtomicLong();
  private volatile boolean stopped;
  private volatile Exception failure;
  private long nextCustomer;
  private long nextOrder;
  private long nextEveryType;

  /**
   * @param maxRows stop after changing this many rows (0: no limit)
   * @param duration stop after this long (zero: no limit)
   */
  public ChangeGenerator(
      Connection connection, long maxRows, Duration duration, double rowsPerSecond) {
    this.connection = connection;
    this.maxRows = maxRows;
    this.duration = duration;
    this.rowsPerSecond = rowsPerSecond;
  }

  /** Rows inserted, updated or deleted so far. */
  public long changedRows() {
    return changed.get();
  }

  /** The failure that ended the load early, if any. */
  public Exception failure() {
    return failure;
  }

  public void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long started = System.nanoTime();
    try {
      connection.setAutoCommit(false);
      nextCustomer = max("shop.customers") + 1;
      nextOrder = max("shop.orders") + 1;
      nextEveryType = max("shop.every_type") + 1;
      connection.commit();
      while (!stopped) {
        long elapsed = System.nanoTime() - started;
        if ((maxRows > 0 && changed.get() >= maxRows)
            || (!duration.isZero() && elapsed >= duration.toNanos())) {
          return;
        }
        changed.addAndGet(oneTransaction());
        connection.commit();
        // paced: the rows changed so far are due at this time
        long due = started + (long) (changed.get() / rowsPerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      failure = e;
    }
  }

  private int oneTransaction() throws SQLException {
    int pick = ThreadLocalRandom.current().nextInt(100);
    if (pick < 30) {
      return newOrder();
    } else if (pick < 50) {
      return update(
          "UPDATE shop.orders SET status = ?, total = total + 1 WHERE id = ?",
          STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)],
          randomId("shop.orders"));
    } else if (pick < 60) {
      return cancelOrder();
    } else if (pick < 70) {
      return update(
          "UPDATE shop.order_items SET quantity = quantity + 1"
              + " WHERE (order_id, line) = (SELECT order_id, line FROM shop.order_items"
              + " ORDER BY random() LIMIT 1)");
    } else if (pick < 80) {
      long id = nextCustomer++;
      return update(
          "INSERT INTO shop.customers (id, name, email) VALUES (?, ?, ?)",
          id,
          "customer " + id,
          "customer" + id + "@example.com");
    } else if (pick < 88) {
      return update(
          "UPDATE shop.customers SET email = 'changed.' || email WHERE id = ?",
          randomId("shop.customers"));
    } else if (pick < 94) {
      long id = nextEveryType++;
      return update(
          "INSERT INTO shop.every_type SELECT "
              + SampleShop.EveryTypeRow.VALUES
              + " FROM (SELECT ?::int AS i) AS r",
          id);
    } else if (pick < 98) {
      return update(
          "UPDATE shop.every_type SET c_text = c_text || '!', c_integer = c_integer + 1,"
              + " c_jsonb = c_jsonb || '{\"updated\": true}' WHERE id = ?",
          randomId("shop.every_type"));
    } else {
      return update("DELETE FROM shop.every_type WHERE id = ?", randomId("shop.every_type"));
    }
  }

  private int newOrder() throws SQLException {
    long order = nextOrder++;
    int rows =
        update(
            "INSERT INTO shop.orders (id, customer_id, status, total)"
                + " VALUES (?, (SELECT id FROM shop.customers ORDER BY random() LIMIT 1), 'new', ?)",
            order,
            new java.math.BigDecimal(ThreadLocalRandom.current().nextInt(1, 50_000))
                .movePointLeft(2));
    int lines = 1 + ThreadLocalRandom.current().nextInt(3);
    for (int line = 1; line <= lines; line++) {
      rows +=
          update(
              "INSERT INTO shop.order_items (order_id, line, sku, quantity, price)"
                  + " VALUES (?, ?, ?, ?, ?)",
              order,
              line,
              "SKU-" + ThreadLocalRandom.current().nextInt(97),
              1 + ThreadLocalRandom.current().nextInt(4),
              new java.math.BigDecimal(ThreadLocalRandom.current().nextInt(100, 10_000))
                  .movePointLeft(2));
    }
    return rows;
  }

  private int cancelOrder() throws SQLException {
    long order = randomId("shop.orders");
    return update("DELETE FROM shop.order_items WHERE order_id = ?", order)
        + update("DELETE FROM shop.orders WHERE id = ?", order);
  }

  private int update(String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      return statement.executeUpdate();
    }
  }

  /** A random id of the table, or -1 (no row) when it is empty. */
  private long randomId(String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT id FROM " + table + " ORDER BY random() LIMIT 1")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  private long max(String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT coalesce(max(id), 0) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
