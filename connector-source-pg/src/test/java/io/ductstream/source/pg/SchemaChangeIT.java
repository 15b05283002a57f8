package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema changes seen by the task itself (no Connect worker): versions and DDL events in a real
 * DuctStream store (the control plane's migrations, applied here as SQL), the gate holding the
 * stream at the first change of a new shape, and the catalog check.
 */
class SchemaChangeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static TestDatabase store;

  @BeforeAll
  static void createStore() throws Exception {
    store = PostgresServer.shared().createDatabase("ddl_store");
    migrate(store);
  }

  /** The store as bin/ductstream makes it: the control plane's migrations in schema ductstream. */
  static void migrate(TestDatabase db) throws SQLException, IOException {
    Path migrations = Path.of("../control-plane/src/main/resources/db/migration/ductstream");
    List<Path> files;
    try (Stream<Path> listed = Files.list(migrations)) {
      files =
          listed
              .filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
              .sorted(
                  (a, b) ->
                      Integer.compare(
                          Integer.parseInt(
                              a.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1")),
                          Integer.parseInt(
                              b.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
              .toList();
    }
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS ductstream");
      s.execute("SET search_path = ductstream");
      for (Path file : files) {
        s.execute(Files.readString(file));
      }
    }
  }

  private static Map<String, String> props(TestDatabase db, String name, String flow) {
    Map<String, String> props = new HashMap<>(SourceConnectors.config(db, name, "public.items"));
    props.put("ddl.store.dsn", store.postgresUrl());
    props.put("ddl.flow.id", flow);
    props.put("ddl.poll.interval.ms", "200");
    props.put("ddl.destinations", "s3:lake");
    return props;
  }

  @Test
  void theGateHoldsAtTheFirstChangeOfANewShapeUntilItsEventIsApplied() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_gate");
    db.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 3) g");
    Map<String, String> props = props(db, "ddl-gate", "flow_gate");
    props.put("ddl.gate", "true");
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = new ArrayList<>(task.poll(3, WAIT)); // the snapshot
      assertThat(versions(records)).containsOnly(1);

      db.execute(
          "INSERT INTO items VALUES (4, 'before')",
          "ALTER TABLE items ADD COLUMN price numeric(10,2)",
          "INSERT INTO items VALUES (5, 'after', 9.50)",
          "INSERT INTO items VALUES (6, 'after', 1.25)");
      records.addAll(task.poll(1, WAIT));
      assertThat(ids(records)).containsExactly(1, 2, 3, 4);

      long event = awaitEvent("flow_gate", "pending");
      await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().orElse(0) == event);
      assertThat(task.pollUntilQuiet(Duration.ofSeconds(2))).isEmpty();
      assertThat(eventColumn(event, "diff")).isEqualTo("add column price numeric(10,2)");
      assertThat(eventColumn(event, "table_version")).isEqualTo("2");
      assertThat(eventColumn(event, "lsn")).isNotNull();
      assertThat(eventColumn(event, "plan_json"))
          .contains("\"compatible\": true")
          .contains("s3:lake")
          .contains("_schemas/v2.json");

      setStatus(event, "approved");
      assertThat(task.pollUntilQuiet(Duration.ofSeconds(2))).as("approved, not applied").isEmpty();
      setStatus(event, "applied");
      List<SourceRecord> after = task.poll(2, WAIT);
      assertThat(ids(after)).containsExactly(5, 6);
      assertThat(versions(after)).containsOnly(2);
      assertThat(task.task().heldByDdlEvent()).isEmpty();
    }
  }

  /**
   * A runtime that sees the task held ends a bounded run after one more poll: so every change
   * before the held one must be queued by then. Here the queue is full when the reader reaches the
   * held change with 100 rows of the same transaction still in its batch: the task says it is held
   * only once the runtime has taken room for them.
   */
  @Test
  void theTaskSaysItIsHeldOnlyOnceEveryChangeBeforeTheHeldOneIsQueued() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_queued");
    db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    Map<String, String> props = props(db, "ddl-queued", "flow_queued");
    props.put("ddl.gate", "true");
    props.put("snapshot.mode", "never");
    props.put("max.queue.bytes", String.valueOf(64 * 1024));
    try (TaskHarness task = new TaskHarness(props)) {
      // the reader hands over 512 rows at a time: the first batch (over 64 KiB) fills the queue
      db.execute(
          "BEGIN; INSERT INTO items SELECT g, repeat('x', 300) FROM generate_series(1, 612) g;"
              + " ALTER TABLE items ADD COLUMN qty int; INSERT INTO items VALUES (613, 'y', 1);"
              + " COMMIT");
      awaitEvent("flow_queued", "pending");
      Thread.sleep(2_000);
      assertThat(task.task().heldByDdlEvent())
          .as("held while 100 rows before the held change wait for room in the queue")
          .isEmpty();
      List<SourceRecord> before = new ArrayList<>(task.poll(612, WAIT));
      await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().isPresent());
      before.addAll(task.pollUntilQuiet(Duration.ofSeconds(1)));
      assertThat(ids(before))
          .containsExactlyElementsOf(
              java.util.stream.IntStream.rangeClosed(1, 612).boxed().toList());
    }
  }

  @Test
  void autoApproveWaitsForApplyAutoApplyGoesOnAndARejectedEventKeepsTheStreamHeld()
      throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_auto");
    db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    Map<String, String> props = props(db, "ddl-auto", "flow_auto");
    props.put("ddl.gate", "true");
    props.put("ddl.auto.approve", "true");
    props.put("snapshot.mode", "never");
    try (TaskHarness task = new TaskHarness(props)) {
      db.execute(
          "INSERT INTO items VALUES (1, 'a')",
          "ALTER TABLE items ADD COLUMN qty int",
          "INSERT INTO items VALUES (2, 'b', 1)");
      assertThat(ids(task.poll(1, WAIT))).containsExactly(1);
      long approved = awaitEvent("flow_auto", "approved");
      assertThat(eventColumn(approved, "approved_by")).isEqualTo("auto");
      await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().isPresent());
      assertThat(task.pollUntilQuiet(Duration.ofSeconds(1))).as("approved, not applied").isEmpty();
      setStatus(approved, "applied");
      assertThat(ids(task.poll(1, WAIT))).containsExactly(2);

      db.execute("ALTER TABLE items DROP COLUMN name", "INSERT INTO items VALUES (3, 2)");
      long second = awaitEvent("flow_auto", "approved");
      store.execute(
          "UPDATE ductstream.ddl_events SET status = 'rejected', reason = 'keep name' WHERE id = "
              + second);
      await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().orElse(0) == second);
      assertThat(task.pollUntilQuiet(Duration.ofSeconds(2))).as("rejected: held").isEmpty();
    }
    props.put("ddl.auto.apply", "true");
    TestDatabase other = PostgresServer.shared().createDatabase("ddl_autoapply");
    other.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    Map<String, String> applying = props(other, "ddl-autoapply", "flow_autoapply");
    applying.putAll(
        Map.of(
            "ddl.gate",
            "true",
            "ddl.auto.approve",
            "true",
            "ddl.auto.apply",
            "true",
            "snapshot.mode",
            "never"));
    try (TaskHarness task = new TaskHarness(applying)) {
      other.execute(
          "INSERT INTO items VALUES (1, 'a')",
          "ALTER TABLE items ADD COLUMN qty int",
          "INSERT INTO items VALUES (2, 'b', 1)");
      List<SourceRecord> both = task.poll(2, WAIT);
      assertThat(versions(both)).containsExactly(1, 2);
      long event = awaitEvent("flow_autoapply", "applied");
      assertThat(eventColumn(event, "applied_by")).isEqualTo("auto");
    }
  }

  @Test
  void aTaskRestartedWhileHeldHoldsAgainAtTheSameEventAndLosesNothing() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_restart");
    db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    Map<String, String> props = props(db, "ddl-restart", "flow_restart");
    props.put("ddl.gate", "true");
    props.put("snapshot.mode", "never");
    Map<String, Object> offset;
    String slot = props.get("slot.name");
    long heldAtFlush;
    try (TaskHarness task = new TaskHarness(props)) {
      db.execute(
          "INSERT INTO items VALUES (1, 'a')",
          "BEGIN; INSERT INTO items VALUES (2, 'b'); ALTER TABLE items DROP COLUMN name;"
              + " INSERT INTO items VALUES (3); COMMIT",
          "INSERT INTO items VALUES (4)");
      List<SourceRecord> first = task.poll(2, WAIT);
      assertThat(ids(first)).containsExactly(1, 2);
      long event = awaitEvent("flow_restart", "pending");
      await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().isPresent());
      assertThat(task.pollUntilQuiet(Duration.ofSeconds(1))).isEmpty();
      offset = task.committedOffset();
      heldAtFlush = SourceConnectors.confirmedFlush(db, slot);
      assertThat(eventColumn(event, "diff")).isEqualTo("drop column name");
    }
    // the slot did not move past the held transaction
    assertThat(SourceConnectors.confirmedFlush(db, slot)).isEqualTo(heldAtFlush);
    assertThat(heldAtFlush).isLessThan(SourceConnectors.currentWal(db));

    try (TaskHarness task = new TaskHarness(props, offset)) {
      await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().isPresent());
      long event = task.task().heldByDdlEvent().getAsLong();
      assertThat(count("SELECT count(*) FROM ductstream.ddl_events WHERE flow_id = 'flow_restart'"))
          .as("the same event, not a second one")
          .isEqualTo(1);
      assertThat(task.pollUntilQuiet(Duration.ofSeconds(1))).isEmpty();
      setStatus(event, "approved");
      setStatus(event, "applied");
      List<SourceRecord> rest = task.poll(2, WAIT);
      assertThat(ids(rest)).containsExactly(3, 4);
      assertThat(versions(rest)).containsOnly(2);
      assertThat(task.pollUntilQuiet(Duration.ofSeconds(1))).isEmpty();
    }
  }

  @Test
  void everyKindOfChangeHoldsTheGateUntilAppliedAndNothingOfItsShapeComesBefore() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_kinds");
    db.execute("CREATE TABLE items (id int PRIMARY KEY, name text, qty int, note text)");
    Map<String, String> props = props(db, "ddl-kinds", "flow_kinds");
    props.put("ddl.gate", "true");
    props.put("snapshot.mode", "never");
    String[] changes = {
      "ALTER TABLE items ADD COLUMN extra text",
      "ALTER TABLE items DROP COLUMN note",
      "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
      "ALTER TABLE items RENAME COLUMN name TO title",
      "ALTER TABLE items ALTER COLUMN title SET NOT NULL",
      "ALTER TABLE items REPLICA IDENTITY FULL"
    };
    try (TaskHarness task = new TaskHarness(props)) {
      db.execute("INSERT INTO items VALUES (0, 'x', 1, 'n')");
      task.poll(1, WAIT);
      int id = 1;
      for (String change : changes) {
        db.execute(
            change, "INSERT INTO items (id, " + titleColumn(id) + ") VALUES (" + id + ", 't')");
        await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().isPresent());
        long event = task.task().heldByDdlEvent().getAsLong();
        assertThat(task.pollUntilQuiet(Duration.ofMillis(500))).as("held at " + change).isEmpty();
        setStatus(event, "applied");
        List<SourceRecord> one = task.poll(1, WAIT);
        assertThat(ids(one)).containsExactly(id);
        assertThat(versions(one)).containsOnly(id + 1);
        id++;
      }
    }
    assertThat(diffs("flow_kinds"))
        .containsExactly(
            "add column extra text",
            "drop column note",
            "alter column qty type integer -> bigint",
            "rename column name to title",
            "alter column title set not null",
            "replica identity default -> full");
  }

  @Test
  void withoutTheGateAChangeIsRecordedAsAppliedAndTheStreamGoesOn() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_audit");
    db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    Map<String, String> props = props(db, "ddl-audit", "flow_audit");
    props.put("snapshot.mode", "never");
    try (TaskHarness task = new TaskHarness(props)) {
      db.execute(
          "INSERT INTO items VALUES (1, 'a')",
          "ALTER TABLE items ADD COLUMN extra text",
          "INSERT INTO items VALUES (2, 'b', 'c')");
      List<SourceRecord> both = task.poll(2, WAIT);
      assertThat(versions(both)).containsExactly(1, 2);
    }
    long event = awaitEvent("flow_audit", "applied");
    assertThat(eventColumn(event, "applied_by")).isEqualTo("auto");
    assertThat(diffs("flow_audit")).containsExactly("add column extra text");
  }

  private static List<String> diffs(String flow) throws SQLException {
    List<String> diffs = new ArrayList<>();
    try (Connection c = store.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT diff FROM ductstream.ddl_events WHERE flow_id = '"
                    + flow
                    + "' ORDER BY table_version")) {
      while (rows.next()) {
        diffs.add(rows.getString(1));
      }
    }
    return diffs;
  }

  private static String titleColumn(int step) {
    return step <= 3 ? "name" : "title";
  }

  @Test
  void aChangeMadeWhileStoppedIsFoundAtStartAndTheGateHoldsWhenTheStreamReachesIt()
      throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_stopped");
    db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
    Map<String, String> props = props(db, "ddl-stopped", "flow_stopped");
    props.put("ddl.gate", "true");
    props.put("snapshot.mode", "never");
    Map<String, Object> offset;
    try (TaskHarness task = new TaskHarness(props)) {
      db.execute("INSERT INTO items VALUES (1, 'a')");
      task.poll(1, WAIT);
      offset = task.committedOffset();
    }
    db.execute(
        "INSERT INTO items VALUES (2, 'old shape')",
        "ALTER TABLE items ADD COLUMN flag boolean NOT NULL DEFAULT false",
        "INSERT INTO items VALUES (3, 'new shape', true)");
    try (TaskHarness task = new TaskHarness(props, offset)) {
      long event = awaitEvent("flow_stopped", "pending");
      assertThat(eventColumn(event, "detected_by")).isEqualTo("catalog");
      assertThat(eventColumn(event, "diff")).isEqualTo("add column flag boolean not null");
      assertThat(eventColumn(event, "plan_json")).contains("\"compatible\": false");
      List<SourceRecord> old = task.poll(1, WAIT);
      assertThat(ids(old)).containsExactly(2);
      assertThat(versions(old)).containsOnly(1);
      await().atMost(WAIT).until(() -> task.task().heldByDdlEvent().orElse(0) == event);
      assertThat(eventColumn(event, "lsn")).as("placed when the stream reached it").isNotNull();
      setStatus(event, "approved");
      setStatus(event, "applied");
      List<SourceRecord> rest = task.poll(1, WAIT);
      assertThat(ids(rest)).containsExactly(3);
      assertThat(versions(rest)).containsOnly(2);
    }
  }

  @Test
  void thePeriodicCatalogCheckFindsAChangeToATableWithoutTrafficAndTakesTheCapturedStatement()
      throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_catalog");
    db.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "CREATE FUNCTION ductstream_ddl_capture() RETURNS event_trigger LANGUAGE plpgsql AS $$"
            + " DECLARE r record; BEGIN FOR r IN SELECT * FROM pg_event_trigger_ddl_commands()"
            + " WHERE object_type = 'table' LOOP PERFORM pg_logical_emit_message(true,"
            + " 'ductstream.ddl', json_build_object('object', r.object_identity, 'tag',"
            + " r.command_tag, 'query', current_query())::text); END LOOP; END $$",
        "CREATE EVENT TRIGGER ductstream_ddl_capture ON ddl_command_end"
            + " EXECUTE FUNCTION ductstream_ddl_capture()");
    Map<String, String> props = props(db, "ddl-catalog", "flow_catalog");
    props.put("snapshot.mode", "never");
    props.put("ddl.gate", "true");
    props.put("ddl.catalog.enabled", "true");
    props.put("ddl.catalog.interval.ms", "1000");
    try (TaskHarness task = new TaskHarness(props)) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  count(
                          "SELECT count(*) FROM ductstream.schema_versions WHERE flow_id = 'flow_catalog'")
                      == 1);
      db.execute("ALTER TABLE items ALTER COLUMN name TYPE varchar(40)");
      long event = awaitEvent("flow_catalog", "pending");
      assertThat(eventColumn(event, "detected_by")).isEqualTo("catalog");
      assertThat(eventColumn(event, "diff"))
          .isEqualTo("alter column name type text -> character varying(40)");
      // the stream brings the trigger's message for the table: the statement becomes the event's
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                task.pollUntilQuiet(Duration.ofMillis(300));
                assertThat(eventColumn(event, "ddl"))
                    .isEqualTo("ALTER TABLE items ALTER COLUMN name TYPE varchar(40)");
              });
    }
  }

  @Test
  void gateSettingsWithoutAStoreAndAStoreWithoutTheTablesAreRefused() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("ddl_refused");
    db.execute("CREATE TABLE items (id int PRIMARY KEY)");
    Map<String, String> props = SourceConnectors.config(db, "ddl-refused", "public.items");
    props.put("ddl.gate", "true");
    assertThatThrownBy(() -> new TaskHarness(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ddl.gate needs ddl.store.dsn");

    TestDatabase empty = PostgresServer.shared().createDatabase("ddl_nostore");
    props.put("ddl.store.dsn", empty.postgresUrl());
    assertThatThrownBy(() -> new TaskHarness(props))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("has no DuctStream store with DDL tables")
        .hasMessageContaining("start bin/ductstream once");
  }

  private static List<Integer> versions(List<SourceRecord> records) {
    return records.stream().map(r -> r.valueSchema().version()).toList();
  }

  private static List<Integer> ids(List<SourceRecord> records) {
    List<Integer> ids = new ArrayList<>();
    for (SourceRecord record : records) {
      Struct value = (Struct) record.value();
      Struct row =
          value.getStruct("after") != null ? value.getStruct("after") : value.getStruct("before");
      ids.add(row.getInt32("id"));
    }
    return ids;
  }

  private static long awaitEvent(String flow, String status) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM ductstream.ddl_events WHERE flow_id = '"
                            + flow
                            + "' AND status = '"
                            + status
                            + "'")
                    == 1);
    return count(
        "SELECT max(id) FROM ductstream.ddl_events WHERE flow_id = '"
            + flow
            + "' AND status = '"
            + status
            + "'");
  }

  private static void setStatus(long event, String status) {
    store.execute("UPDATE ductstream.ddl_events SET status = '" + status + "' WHERE id = " + event);
  }

  private static String eventColumn(long event, String column) throws SQLException {
    try (Connection c = store.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT " + column + "::text FROM ductstream.ddl_events WHERE id = " + event)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static long count(String sql) {
    return store.queryLong(sql);
  }
}
