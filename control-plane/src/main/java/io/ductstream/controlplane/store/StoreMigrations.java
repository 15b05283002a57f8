package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Brings the store's {@code ductstream} schema up to date with the Flyway migrations in {@code
 * db/migration/ductstream}. Safe to run from several processes at once: Flyway serialises them with
 * a PostgreSQL advisory lock, and an up-to-date schema is left alone.
 */
public final class StoreMigrations {
  public static final String SCHEMA = "ductstream";
  static final String LOCATION = "classpath:db/migration/ductstream";

  private StoreMigrations() {}

  /**
   * Applies the pending migrations.
   *
   * @return the schema version now in place, e.g. {@code "1"}
   * @throws StoreException if the store cannot be reached or a migration fails
   */
  public static String migrate(PostgresDsn dsn) {
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
      throw new StoreException(
          "cannot migrate the store at " + dsn.masked() + ": " + StoreDataSource.reason(e), e);
    }
  }
}
