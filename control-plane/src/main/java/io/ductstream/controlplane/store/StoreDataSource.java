package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Connections to the store database, and the one-line description of why one failed. */
final class StoreDataSource {
  static final int LOGIN_TIMEOUT_SECONDS = 30;
  static final int SOCKET_TIMEOUT_SECONDS = 60;

  private StoreDataSource() {}

  static DataSource of(PostgresDsn dsn) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(dsn.jdbcUrl());
    if (!dsn.user().isEmpty()) {
      source.setUser(dsn.user());
    }
    if (!dsn.password().isEmpty()) {
      source.setPassword(dsn.password());
    }
    source.setApplicationName("ductstream-control-plane");
    if (!dsn.parameters().containsKey("loginTimeout")) {
      // Without it, a port that accepts connections but never answers (not PostgreSQL) hangs
      // forever.
      source.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    }
    if (!dsn.parameters().containsKey("socketTimeout")) {
      // A store that stops answering mid-query fails the call instead of holding its thread.
      source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
    }
    return source;
  }

  /**
   * The innermost {@link SQLException}'s message (pgjdbc's own, which never holds the password),
   * else the first line of the outermost message.
   */
  static String reason(Throwable failure) {
    String reason = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        reason = t.getMessage();
      }
    }
    if (reason == null) {
      reason = String.valueOf(failure.getMessage());
    }
    return reason.strip().lines().findFirst().orElse(failure.getClass().getSimpleName());
  }
}
