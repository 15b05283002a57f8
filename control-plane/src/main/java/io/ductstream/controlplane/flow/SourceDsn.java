package io.ductstream.controlplane.flow;

import io.ductstream.contract.pg.PostgresDsn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The connection to a flow's source database as the control plane opens it itself (to probe the
 * slot, to install the DDL capture trigger): its {@code dsn}, else host, port, database, user and
 * password.
 */
public final class SourceDsn {
  private SourceDsn() {}

  /**
   * The source's connection.
   *
   * @throws IllegalArgumentException when {@code dsn} is not a Postgres URL (the message never
   *     repeats it)
   */
  public static PostgresDsn of(Endpoint source) {
    Optional<String> url = source.option(FlowOptions.DSN);
    if (url.isPresent()) {
      return PostgresDsn.parse(url.get());
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    source.option(FlowOptions.SSLMODE).ifPresent(mode -> parameters.put("sslmode", mode));
    return new PostgresDsn(
        source.option(FlowOptions.HOST).orElse("localhost"),
        source.option(FlowOptions.PORT).map(Integer::parseInt).orElse(PostgresDsn.DEFAULT_PORT),
        source.option(FlowOptions.DATABASE).orElse("postgres"),
        source.option(FlowOptions.USER).orElse(""),
        source.option(FlowOptions.PASSWORD).orElse(""),
        parameters);
  }

  /**
   * Opens a connection to {@code dsn} as the control plane does: its login and connect waits at
   * most {@code timeoutSeconds}, a statement at most twice that.
   */
  public static Connection connect(PostgresDsn dsn, int timeoutSeconds) throws SQLException {
    Properties properties = new Properties();
    if (!dsn.user().isEmpty()) {
      properties.setProperty("user", dsn.user());
    }
    if (!dsn.password().isEmpty()) {
      properties.setProperty("password", dsn.password());
    }
    properties.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
    properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
    properties.setProperty("socketTimeout", Integer.toString(2 * timeoutSeconds));
    properties.setProperty("ApplicationName", "ductstream-control-plane");
    return new Driver().connect(dsn.jdbcUrl(), properties);
  }

  /** True when the source's connection holds config provider references only Connect resolves. */
  public static boolean hasReferences(Endpoint source) {
    return source.options().values().stream().anyMatch(OptionRules::hasReference);
  }
}
