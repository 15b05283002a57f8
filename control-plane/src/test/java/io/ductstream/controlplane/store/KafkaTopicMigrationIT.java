package io.ductstream.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Flows stored before a Kafka topic meant one topic for the whole flow wrote one topic per table:
 * the migration gives their Kafka destinations {@code topic_per_table: "true"}, so a resumed or
 * updated flow writes where its consumers read, and leaves every other destination as it was.
 */
class KafkaTopicMigrationIT {
  @Test
  void storedKafkaDestinationsKeepTheirPerTableTopics() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("kafka_topic_migration");
    PostgresDsn dsn = PostgresDsn.parse(db.postgresUrl());
    Flyway.configure(StoreMigrations.class.getClassLoader())
        .dataSource(StoreDataSource.of(dsn))
        .schemas(StoreMigrations.SCHEMA)
        .createSchemas(true)
        .locations(StoreMigrations.LOCATION)
        .target("2")
        .load()
        .migrate();
    db.execute(
        "INSERT INTO ductstream.flows (id, name, source, destinations) VALUES"
            + " ('f1', 'fanout', '{}', '[{\"name\": \"k\", \"type\": \"kafka\", \"options\":"
            + " {\"topic\": \"app\"}}, {\"name\": \"lake\", \"type\": \"s3\", \"options\":"
            + " {\"bucket\": \"b\"}}]'),"
            + " ('f2', 's3only', '{}', '[{\"name\": \"lake\", \"type\": \"s3\", \"options\":"
            + " {\"bucket\": \"b\"}}]'),"
            + " ('f3', 'chosen', '{}', '[{\"name\": \"k\", \"type\": \"kafka\", \"options\":"
            + " {\"topic\": \"app\", \"topic_per_table\": \"false\"}}]'),"
            + " ('f4', 'bare', '{}', '[{\"name\": \"k\", \"type\": \"kafka\"}]')");

    assertThat(StoreMigrations.migrate(dsn)).isEqualTo("5");

    assertThat(destinations(db, "f1"))
        .isEqualTo(
            "[{\"name\": \"k\", \"type\": \"kafka\", \"options\": {\"topic\": \"app\","
                + " \"topic_per_table\": \"true\"}}, {\"name\": \"lake\", \"type\": \"s3\","
                + " \"options\": {\"bucket\": \"b\"}}]");
    assertThat(destinations(db, "f2"))
        .isEqualTo("[{\"name\": \"lake\", \"type\": \"s3\", \"options\": {\"bucket\": \"b\"}}]");
    assertThat(destinations(db, "f3")).contains("\"topic_per_table\": \"false\"");
    assertThat(destinations(db, "f4"))
        .isEqualTo(
            "[{\"name\": \"k\", \"type\": \"kafka\", \"options\": {\"topic_per_table\":"
                + " \"true\"}}]");
  }

  private static String destinations(TestDatabase db, String id) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT destinations::text FROM ductstream.flows WHERE id = '" + id + "'")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
