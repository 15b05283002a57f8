package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The right to run one flow: a session-level advisory lock in the store, held on a connection of
 * its own for as long as the run goes on. A second runner of the same flow (another worker, or an
 * API server) is refused with the holder's name; a runner that dies loses its connection and so its
 * lease.
 */
public final class FlowLease implements AutoCloseable {
  /** The advisory lock namespace of flow leases (the first of the lock's two keys). */
  private static final int NAMESPACE = 0x44530001;

  private final Connection connection;
  private final String flowId;

  private FlowLease(Connection connection, String flowId) {
    this.connection = connection;
    this.flowId = flowId;
  }

  /** Thrown when another runner holds the flow's lease. */
  public static final class HeldException extends RuntimeException {
    public HeldException(String message) {
      super(message);
    }
  }

  /**
   * Takes the lease of {@code flowId} for {@code holder} (e.g. {@code ductstream-worker host:pid}),
   * shown to anyone refused while it is held.
   *
   * @throws HeldException when another runner holds it
   * @throws StoreException when the store cannot be reached
   */
  public static FlowLease acquire(PostgresDsn store, String flowId, String holder) {
    Connection connection = null;
    try {
      connection = StoreDataSource.of(store).getConnection();
      try (PreparedStatement name =
          connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
        name.setString(1, truncate(holder, 63));
        name.execute();
      }
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
        lock.setInt(1, NAMESPACE);
        lock.setString(2, flowId);
        try (ResultSet rs = lock.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return new FlowLease(connection, flowId);
          }
        }
      }
      String by = holderOf(connection, flowId).orElse("another runner");
      connection.close();
      throw new HeldException(
          "flow \""
              + flowId
              + "\" is already running in "
              + by
              + "; a flow runs in one process at a time: stop that one first");
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StoreException(
          "cannot take the lease of flow \""
              + flowId
              + "\" in the store at "
              + store.masked()
              + ": "
              + StoreDataSource.reason(e),
          e);
    }
  }

  /**
   * SQL: true when {@code l}, a row of {@code pg_locks}, is the granted lease of the flow whose id
   * is the SQL expression {@code flowId}.
   */
  static String isLeaseOf(String flowId) {
    return "l.locktype = 'advisory' AND l.granted AND l.classid = "
        + (NAMESPACE & 0xffffffffL)
        + "::oid AND l.objid = (hashtext("
        + flowId
        + ")::bigint & 4294967295)::oid AND l.objsubid = 2"
        + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
  }

  private static Optional<String> holderOf(Connection connection, String flowId)
      throws SQLException {
    try (PreparedStatement holder =
        connection.prepareStatement(
            "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE "
                + isLeaseOf("?"))) {
      holder.setString(1, flowId);
      try (ResultSet rs = holder.executeQuery()) {
        if (rs.next()) {
          String name = rs.getString(1);
          String address = rs.getString(2);
          return Optional.of(
              "\""
                  + (name == null || name.isBlank() ? "an unnamed session" : name)
                  + "\""
                  + (address == null ? "" : " from " + address)
                  + " since "
                  + rs.getTimestamp(3).toInstant());
        }
      }
    }
    return Optional.empty();
  }

  /** A holder's name: the program, the host and the process id ({@code ductstream-worker h:42}). */
  public static String holderName(String program) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return program + " " + host + ":" + ProcessHandle.current().pid();
  }

  /** True while the lease's connection is alive (a lost connection is a lost lease). */
  public boolean held() {
    try (Statement check = connection.createStatement()) {
      check.setQueryTimeout(10);
      check.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  public String flowId() {
    return flowId;
  }

  @Override
  public void close() {
    closeQuietly(connection); // the lock goes with the session
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the session ends either way
      }
    }
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
