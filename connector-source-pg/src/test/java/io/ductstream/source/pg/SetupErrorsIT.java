package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.testkit.KafkaConnectCluster;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/** Each setup mistake a user can make fails with a ConfigException that names the fix. */
class SetupErrorsIT {
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    db = PostgresServer.shared().createDatabase("setup");
    db.execute("CREATE TABLE keyed (id int PRIMARY KEY, v text)");
  }

  private static Map<String, String> props(String name) {
    return new HashMap<>(SourceConnectors.config(db, name, "keyed"));
  }

  private static ConfigException startFails(Map<String, String> props) {
    PostgresSourceConnector connector = new PostgresSourceConnector();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> connector.start(props));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    System.out.println("checked error: " + thrown.getMessage());
    return (ConfigException) thrown;
  }

  @Test
  void walLevelOtherThanLogicalSaysHowToChangeIt() throws Exception {
    try (EmbeddedPostgres replicaLevel =
        EmbeddedPostgres.builder().setServerConfig("wal_level", "replica").start()) {
      Map<String, String> props = props("wal");
      props.put(
          "database.dsn",
          "postgres://postgres@localhost:" + replicaLevel.getPort() + "/postgres?sslmode=disable");
      assertThat(startFails(props).getMessage())
          .contains("wal_level is 'replica'")
          .contains("ALTER SYSTEM SET wal_level = logical");
    }
  }

  @Test
  void missingPublicationWithoutCreateNamesTheStatement() {
    Map<String, String> props = props("nopub");
    props.put("publication.create", "false");
    assertThat(startFails(props).getMessage())
        .contains("publication \"nopub_pub\" does not exist")
        .contains("CREATE PUBLICATION nopub_pub FOR TABLE \"public\".\"keyed\"")
        .contains("publication.create=true");
  }

  @Test
  void missingSlotWithoutCreateNamesTheStatement() {
    Map<String, String> props = props("noslot");
    props.put("slot.create", "false");
    assertThat(startFails(props).getMessage())
        .contains("replication slot \"noslot_slot\" does not exist")
        .contains("pg_create_logical_replication_slot('noslot_slot', 'pgoutput')");
  }

  @Test
  void roleWithoutReplicationIsToldToGetIt() {
    db.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'no_repl') THEN"
            + " CREATE ROLE no_repl LOGIN PASSWORD 'secret-pw'; END IF; END $$");
    Map<String, String> props = props("norole");
    props.put(
        "database.dsn",
        "postgres://no_repl:secret-pw@"
            + db.host()
            + ":"
            + db.port()
            + "/"
            + db.name()
            + "?sslmode=disable");
    ConfigException error = startFails(props);
    assertThat(error.getMessage())
        .contains("role \"no_repl\" lacks the REPLICATION attribute")
        .contains("ALTER ROLE \"no_repl\" REPLICATION")
        .doesNotContain("secret-pw");
  }

  @Test
  void tableWithoutPrimaryKeyAndDefaultIdentityIsRefused() {
    db.execute("CREATE TABLE keyless (a int, b text)");
    Map<String, String> props = props("keyless");
    props.put("table.include.list", "keyless");
    assertThat(startFails(props).getMessage())
        .contains("table public.keyless has no primary key and REPLICA IDENTITY DEFAULT")
        .contains("ALTER TABLE \"public\".\"keyless\" REPLICA IDENTITY FULL");
  }

  @Test
  void tableMissingFromAnExistingPublicationIsNamed() {
    db.execute(
        "CREATE TABLE other (id int PRIMARY KEY)", "CREATE PUBLICATION narrow_pub FOR TABLE other");
    Map<String, String> props = props("narrow");
    props.put("publication.name", "narrow_pub");
    assertThat(startFails(props).getMessage())
        .contains("table public.keyed is not in publication \"narrow_pub\"")
        .contains("ALTER PUBLICATION narrow_pub ADD TABLE \"public\".\"keyed\"");
  }

  @Test
  void slotOfAnotherPluginIsRefused() {
    db.execute("SELECT pg_create_logical_replication_slot('decoding_slot', 'test_decoding')");
    Map<String, String> props = props("plugin");
    props.put("slot.name", "decoding_slot");
    assertThat(startFails(props).getMessage())
        .contains("uses plugin test_decoding")
        .contains("choose another slot.name");
  }

  @Test
  void unreachableDatabaseIsReportedWithThePasswordMasked() {
    Map<String, String> props = props("unreachable");
    props.put(
        "database.dsn",
        "postgres://app:hunter2@localhost:" + io.ductstream.testkit.FreePorts.next() + "/app");
    ConfigException error = startFails(props);
    assertThat(error.getMessage())
        .contains("cannot connect to postgres://app:***@localhost")
        .doesNotContain("hunter2");
  }

  @Test
  void badConfigValuesAreRejectedBeforeConnecting() {
    Map<String, String> props = props("badvalues");
    props.remove("topic.prefix");
    assertThatThrownBy(() -> new PostgresSourceConnector().start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topic.prefix");
    Map<String, String> badSlot = props("badslot");
    badSlot.put("slot.name", "Bad-Slot");
    assertThatThrownBy(() -> new PostgresSourceConnector().start(badSlot))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("slot.name")
        .hasMessageContaining("lower-case letters, digits and underscores");
    Map<String, String> badLsn = props("badlsn");
    badLsn.put("start.lsn", "12345");
    assertThatThrownBy(() -> new PostgresSourceConnector().start(badLsn))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("start.lsn")
        .hasMessageContaining("0/16B3748");
  }

  @Test
  void aDatabaseNotEncodedInUtf8IsRefusedRatherThanItsTextAltered() throws Exception {
    String latin1 = db.name() + "_latin1";
    db.execute(
        "CREATE DATABASE "
            + latin1
            + " WITH ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
    TestDatabase other = new TestDatabase(latin1, db.host(), db.port(), db.user(), db.password());
    other.execute("CREATE TABLE keyed (id int PRIMARY KEY, t text)");
    Map<String, String> props = new HashMap<>(SourceConnectors.config(other, "latin", "keyed"));
    ConfigException e = startFails(props);
    assertThat(e.getMessage()).contains("is encoded in LATIN1").contains("WITH ENCODING 'UTF8'");
  }

  @Test
  void errorsToleranceAllIsRefusedByTheWorkerBecauseItWouldSkipChanges() {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    String name = cluster.uniqueName("tolerance");
    Map<String, String> props = props(name);
    props.put("connector.class", PostgresSourceConnector.class.getName());
    props.put("errors.tolerance", "all");
    assertThatThrownBy(() -> cluster.connect().configureConnector(name, props))
        .hasMessageContaining("errors.tolerance=all would let the source acknowledge changes");
    assertThatThrownBy(() -> new PostgresSourceConnector().start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("errors.tolerance");
    props.put("errors.tolerance", "none");
    assertThat(new PostgresSourceConnector().validate(props).configValues())
        .allMatch(v -> v.errorMessages().isEmpty());
    System.out.println("checked: errors.tolerance=all refused by PUT /connectors and by start()");
  }

  @Test
  void slotStreamedByAnotherConnectionFailsTheTaskWithTheFix() throws Exception {
    KafkaConnectCluster cluster = KafkaConnectCluster.shared();
    String name = cluster.uniqueName("busy");
    Map<String, String> props = props(name);
    props.put("slot.active.wait.ms", "1000");
    String slot = props.get("slot.name");
    props.put("snapshot.mode", "never"); // the connector, not the task, creates the slot
    new PostgresSourceConnector().start(props); // creates the slot and publication
    try (Connection holder = db.connectForReplication()) {
      PGReplicationStream stream =
          holder
              .unwrap(PGConnection.class)
              .getReplicationAPI()
              .replicationStream()
              .logical()
              .withSlotName(slot)
              .withSlotOption("proto_version", "1")
              .withSlotOption("publication_names", props.get("publication.name"))
              .withStatusInterval(1, TimeUnit.SECONDS)
              .start();
      cluster.connect().configureConnector(name, props);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions() // 404 until the worker has a status for the new connector
          .untilAsserted(
              () -> {
                ConnectorStateInfo status = cluster.connect().connectorStatus(name);
                assertThat(status.tasks()).hasSize(1);
                assertThat(status.tasks().get(0).state()).isEqualTo("FAILED");
                assertThat(status.tasks().get(0).trace())
                    .contains("replication slot \"" + slot + "\" is in use by another connection")
                    .contains("give this connector its own slot.name");
              });
      System.out.println(
          "checked: task failed with the slot-in-use message while the test held it");
      stream.close();
    } finally {
      cluster.connect().deleteConnector(name);
    }
  }
}
