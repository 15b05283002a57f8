package io.ductstream.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store's migrations: a new store gets them all through Flyway; an up-to-date store is left
 * alone without Flyway; a store whose last migration is older, or failed, goes through Flyway
 * again.
 */
class StoreMigrationsIT {
  private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__.*\\.sql");

  @Test
  void latestIsTheNewestMigrationScript() throws IOException {
    Path scripts = Path.of("src", "main", "resources", "db", "migration", "ductstream");
    try (Stream<Path> files = Files.list(scripts)) {
      int newest =
          files
              .map(p -> SCRIPT.matcher(p.getFileName().toString()))
              .filter(Matcher::matches)
              .map(m -> Integer.parseInt(m.group(1)))
              .max(Comparator.naturalOrder())
              .orElseThrow();
      assertThat(StoreMigrations.LATEST)
          .as("StoreMigrations.LATEST names the newest script in " + scripts)
          .isEqualTo(Integer.toString(newest));
    }
  }

  @Test
  void aNewStoreIsMigratedAndThenLeftAlone() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("store_migrations_new");
    PostgresDsn dsn = PostgresDsn.parse(db.postgresUrl());
    assertThat(StoreMigrations.upToDate(dsn)).isFalse();

    assertThat(StoreMigrations.migrate(dsn)).isEqualTo(StoreMigrations.LATEST);
    assertThat(StoreMigrations.upToDate(dsn)).isTrue();
    assertThat(StoreMigrations.migrate(dsn)).isEqualTo(StoreMigrations.LATEST);
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM ductstream.flyway_schema_history WHERE version IS NOT NULL"))
        .as("nothing applied twice")
        .isEqualTo(
            db.queryLong("SELECT count(DISTINCT version) FROM ductstream.flyway_schema_history"));
  }

  @Test
  void aStoreWhoseLastMigrationFailedGoesThroughFlyway() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("store_migrations_failed");
    PostgresDsn dsn = PostgresDsn.parse(db.postgresUrl());
    StoreMigrations.migrate(dsn);
    db.execute(
        "UPDATE ductstream.flyway_schema_history SET success = false WHERE version = '"
            + StoreMigrations.LATEST
            + "'");

    assertThat(StoreMigrations.upToDate(dsn)).isFalse();
    // Flyway itself refuses a store with a failed migration, as it always did
    assertThatThrownBy(() -> StoreMigrations.migrate(dsn))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot migrate the store at");
  }

  @Test
  void anUnreachableStoreIsOneClearErrorWithoutThePassword() {
    PostgresDsn dsn =
        PostgresDsn.parse("postgres://ductstream:hunter2@127.0.0.1:" + FreePorts.next() + "/store");
    assertThatThrownBy(() -> StoreMigrations.migrate(dsn))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot migrate the store at postgres://ductstream:")
        .hasMessageNotContaining("hunter2");
  }
}
