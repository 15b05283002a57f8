package io.ductstream.source.pg.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.source.pg.catalog.CatalogReader;
import io.ductstream.source.pg.config.TopicNames;
import io.ductstream.source.pg.config.TopicRouting;
import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.types.TypeRegistry;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Relations (tables, partitions) that come and go do not stay mapped for the connection's life. */
class RelationCacheIT {
  @Test
  void relationsDroppedFromTheCatalogAreForgottenOnceTheStreamHasPassedTheDrop() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("relation_cache");
    db.execute(
        "CREATE TABLE kept (id int PRIMARY KEY)",
        "CREATE TABLE gone1 (id int PRIMARY KEY)",
        "CREATE TABLE gone2 (id int PRIMARY KEY)");
    int kept = oid(db, "kept");
    int gone1 = oid(db, "gone1");
    int gone2 = oid(db, "gone2");
    try (Connection catalog = db.connect()) {
      int serverVersion = (int) db.queryLong("SELECT current_setting('server_version_num')::int");
      RelationCache cache =
          new RelationCache(
              new TypeRegistry(catalog),
              new CatalogReader(catalog, serverVersion),
              table -> true,
              new TopicNames("app", TopicRouting.TABLE),
              "__unchanged",
              2);
      for (int oid : new int[] {kept, gone1, gone2}) {
        cache.update(relation(oid), null);
      }
      long beforeDrop = lsn(db);
      db.execute("DROP TABLE gone1, gone2");

      // a transaction before the drop: the catalog is asked, nothing is forgotten yet (changes of
      // the dropped tables may still be on their way)
      cache.committed(beforeDrop);
      assertThat(cache.size()).isEqualTo(3);
      assertThat(cache.get(gone1)).isNotNull();

      cache.committed(lsn(db));
      System.out.println(
          "injected: 2 of 3 mapped tables dropped; checked: " + cache.size() + " left");
      assertThat(cache.size()).isEqualTo(1);
      assertThat(cache.get(kept)).isNotNull();
      assertThat(cache.get(gone1)).isNull();
      assertThat(cache.get(gone2)).isNull();
    }
  }

  private static RelationMessage relation(int oid) {
    return new RelationMessage(
        oid, "public", "t" + oid, 'd', List.of(new RelationMessage.Column("id", 23, -1, true)));
  }

  private static int oid(TestDatabase db, String table) {
    return (int) db.queryLong("SELECT '" + table + "'::regclass::oid::bigint");
  }

  private static long lsn(TestDatabase db) {
    return db.queryLong("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint");
  }
}
