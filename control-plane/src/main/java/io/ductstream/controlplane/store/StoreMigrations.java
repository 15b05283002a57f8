package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Brings the store's {@code ductstream} schema up to date with the Flyway migrations in {@code
 * db/migration/ductstream}. Safe to run from several processes at once: Flyway serialises them with
 * a PostgreSQL advisory lock, and an up-to-date schema is left alone.
 *
 * <p>A store whose last applied migration is this build's newest ({@link #LATEST}), applied
 * successfully, is up to date: it is left alone without starting Flyway, whose start (its plugins,
 * its scan of the class path, its checks of the applied scripts) took half a second of every worker
 * and server start. Flyway runs, and checks the applied scripts' checksums, whenever there is
 * something to apply, a failed migration to report, or a store newer than this build to refuse.
 */
public final class StoreMigrations {
  public static final String SCHEMA = "ductstream";
  static final String LOCATION = "classpath:db/migration/ductstream";

  /** The version of the newest migration in {@link #LOCATION} (StoreMigrationsIT checks it). */
  static final String LATEST = "5";

  private static final String LAST_APPLIED =
      "SELECT version, success FROM "
          + SCHEMA
          + ".flyway_schema_history ORDER BY installed_rank DESC LIMIT 1";

  private StoreMigrations() {}

  /**
   * Applies the pending migrations.
   *
   * @return the schema version now in place, e.g. {@code "1"}
   * @throws StoreException if the store cannot be reached or a migration fails
   */
  public static String migrate(PostgresDsn dsn) {
    if (upToDate(dsn)) {
      return LATEST;
    }
    Flyway flyway =
        Flyway.configure(StoreMigrations.class.getClassLoader())
            .dataSource(StoreDataSource.of(dsn))
            .schemas(SCHEMA)
            .createSchemas(true)
            .locations(LOCATION)
            .load();
    try {
      flyway.migrate();
      MigrationInfo current = flyway.info().current();
      return current == null ? "0" : current.getVersion().getVersion();
    } catch (FlywayException e) {
      throw failure(dsn, e);
    }
  }

  /**
   * True when the last migration applied to the store is {@link #LATEST} and succeeded.
   *
   * @throws StoreException when the store cannot be reached (rather than trying again through
   *     Flyway)
   */
  static boolean upToDate(PostgresDsn dsn) {
    try (Connection connection = StoreDataSource.of(dsn).getConnection();
        Statement statement = connection.createStatement();
        ResultSet last = statement.executeQuery(LAST_APPLIED)) {
      return last.next() && LATEST.equals(last.getString(1)) && last.getBoolean(2);
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state != null && (state.startsWith("08") || state.startsWith("28"))) {
        throw failure(dsn, e); // no connection, or refused credentials: Flyway would say the same
      }
      return false; // no history table yet (a new store), or one Flyway must look at
    }
  }

  private static StoreException failure(PostgresDsn dsn, Exception e) {
    return new StoreException(
        "cannot migrate the store at " + dsn.masked() + ": " + StoreDataSource.reason(e), e);
  }
}
