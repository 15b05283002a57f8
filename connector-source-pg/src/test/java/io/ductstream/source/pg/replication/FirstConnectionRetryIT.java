package io.ductstream.source.pg.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.records.ChangeQueue;
import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.records.TransactionAcks;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away just as the task starts streaming (after its setup, before the replication
 * connection is open): the reader waits for it within connection.retry.timeout.ms, as it does for a
 * connection lost later, instead of failing the task at once.
 */
@Tag("fault")
class FirstConnectionRetryIT {
  private static TestDatabase db;

  @TempDir Path spool;
  private final List<ReplicationReader> readers = new ArrayList<>();

  @BeforeAll
  static void start() {
    db = PostgresServer.shared().createDatabase("firstconn");
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY)",
        "CREATE PUBLICATION first_pub FOR TABLE t",
        "SELECT pg_create_logical_replication_slot('first_slot', 'pgoutput')");
  }

  @AfterEach
  void stopReaders() throws Exception {
    readers.forEach(ReplicationReader::stop);
    setConnectionsAllowed(true);
  }

  private static PostgresSourceConfig config(String dsn, long retryTimeoutMs) {
    Map<String, String> props = new HashMap<>();
    props.put("database.dsn", dsn);
    props.put("slot.name", "first_slot");
    props.put("publication.name", "first_pub");
    props.put("table.include.list", "public.t");
    props.put("topic.prefix", "first");
    props.put("connection.retry.timeout.ms", Long.toString(retryTimeoutMs));
    return new PostgresSourceConfig(props);
  }

  private ReplicationReader reader(PostgresSourceConfig config, ChangeQueue queue) {
    ReplicationReader reader =
        new ReplicationReader(
            config,
            List.of("public.t"),
            config.tableFilter(),
            queue,
            new TransactionAcks(0),
            spool,
            Duration.ofSeconds(5));
    readers.add(reader);
    return reader;
  }

  private static void start(ReplicationReader reader) throws Exception {
    reader.start("first-conn-reader", new SourceOffsets.Position(0, 0), null);
  }

  @Test
  void aDatabaseRefusingConnectionsWhenStreamingStartsIsWaitedFor() throws Exception {
    ChangeQueue queue = new ChangeQueue(1 << 20);
    ReplicationReader reader = reader(config(db.postgresUrl(), 60_000), queue);
    setConnectionsAllowed(false);
    System.out.println("injected: " + db.name() + " refuses connections as streaming starts");
    CompletableFuture<Void> started =
        CompletableFuture.runAsync(
            () -> {
              try {
                start(reader);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(2500);
    assertThat(started).as("still waiting for the database").isNotDone();

    setConnectionsAllowed(true);
    started.get(30, TimeUnit.SECONDS);
    db.execute("INSERT INTO t VALUES (1)");
    List<SourceRecord> records = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (records.isEmpty() && System.nanoTime() < deadline) {
      records.addAll(queue.poll(10, Duration.ofMillis(200)));
    }
    assertThat(records).as("the change made after the outage").hasSize(1);
    System.out.println("checked: streaming started after the outage and delivered " + records);
  }

  @Test
  void anOutageLongerThanTheRetryTimeoutFailsWithTheReason() throws Exception {
    ReplicationReader reader = reader(config(db.postgresUrl(), 1500), new ChangeQueue(1 << 20));
    setConnectionsAllowed(false);
    assertThatThrownBy(() -> start(reader))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("did not recover within 1 s (connection.retry.timeout.ms)")
        .hasMessageContaining("not currently accepting connections");
  }

  @Test
  void aDatabaseThatDoesNotExistFailsAtOnce() {
    String dsn = db.postgresUrl().replace("/" + db.name(), "/no_such_database");
    ReplicationReader reader = reader(config(dsn, 60_000), new ChangeQueue(1 << 20));
    long begin = System.nanoTime();
    assertThatThrownBy(() -> start(reader))
        .isInstanceOf(SQLException.class)
        .isNotInstanceOf(PgConnections.Unavailable.class)
        .hasMessageContaining("no_such_database");
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
  }

  private static void setConnectionsAllowed(boolean allowed) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                db.jdbcUrl().replace("/" + db.name(), "/postgres"), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS " + allowed);
    }
  }
}
