package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Schemas, tables and columns named with spaces, dots, commas, quotes, upper case, non-ASCII
 * letters and SQL keywords, each table keyed by one such column: the chunked initial snapshot,
 * streamed inserts, updates and deletes and a backfill asked for through a signal table with such a
 * name all give every value under its own table and column, and every table a legal, distinct Kafka
 * topic (the escaped form of docs/connector-source-pg.md for names Kafka cannot use).
 */
class OddIdentifiersIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int ROWS = 7;
  private static final String PREFIX = "odd-idents";

  /**
   * A captured table: its key column is an int (or text), col1 text, col2 text or point (a type
   * pgoutput must send as text, so the task streams in text form when a table has one).
   */
  private record Table(
      String schema,
      String name,
      String key,
      boolean textKey,
      String col1,
      String col2,
      boolean pointCol2) {
    String sql() {
      return q(schema) + "." + q(name);
    }

    Object key(int i) {
      return textKey ? "k'" + (char) ('a' + i) : (Object) i;
    }

    String keySql(int i) {
      return textKey ? "'k''" + (char) ('a' + i) + "'" : String.valueOf(i);
    }

    String value(String column, int i) {
      return pointCol2 && column.equals(col2) ? "(" + i + ",1)" : name + "|" + column + "|" + i;
    }

    String valueSql(String column, int i) {
      return "'" + value(column, i).replace("'", "''") + "'";
    }
  }

  private static final List<Table> TABLES =
      List.of(
          new Table("Odd Schema", "Order.Items", "Item ID", false, "qty,count", "select", false),
          new Table("my.app", "a,b", "a.b", false, "from", "Ünï Côl", true),
          new Table("public", "quote\"d", "quote\"d key", true, "Mixed Case", "x\"y", false),
          new Table("public", "ÜnïcödeTäble", "Schlüssel", false, "Wert", "table", false),
          new Table("public", "select", "order", false, "group", "where", false),
          new Table("public", "MixedCase", "MixedKey", false, "Value Col", "ä.b,c", false));

  /** Each table's topic as docs/connector-source-pg.md says it is named. */
  private static final Map<String, String> TOPICS =
      Map.of(
          "Order.Items", PREFIX + ".Odd_Schema.Order_Items.6da17945",
          "a,b", PREFIX + ".my_app.a_b.0589f960",
          "quote\"d", PREFIX + ".public.quote_d.5de5194e",
          "ÜnïcödeTäble", PREFIX + ".public._n_c_deT_ble.3d020bd6",
          "select", PREFIX + ".public.select",
          "MixedCase", PREFIX + ".public.MixedCase");

  private static final String SIGNAL = q("sig.nals") + "." + q("Signal \"Table\", v1");

  @Test
  void oddNamesSnapshotStreamAndBackfillUnderTheirOwnTablesColumnsAndTopics() throws Exception {
    long started = System.nanoTime();
    TestDatabase db = PostgresServer.shared().createDatabase("odd_idents");
    List<String> setup = new ArrayList<>();
    setup.add("CREATE SCHEMA " + q("Odd Schema"));
    setup.add("CREATE SCHEMA " + q("sig.nals"));
    setup.add("CREATE SCHEMA " + q("my.app"));
    setup.add("CREATE TABLE " + SIGNAL + " (id text PRIMARY KEY, type text NOT NULL, data text)");
    for (Table t : TABLES) {
      setup.add(
          "CREATE TABLE "
              + t.sql()
              + " ("
              + q(t.col1)
              + " text, "
              + q(t.key)
              + (t.textKey ? " text" : " int")
              + " PRIMARY KEY, "
              + q(t.col2)
              + (t.pointCol2 ? " point)" : " text)"));
      for (int i = 1; i <= ROWS; i++) {
        setup.add(insert(t, i));
      }
    }
    db.execute(setup.toArray(String[]::new));
    long setUp = System.nanoTime();

    Map<String, String> props = SourceConnectors.config(db, PREFIX, includeList());
    props.put("signal.table", SIGNAL);
    props.put("snapshot.chunk.rows", "2");
    props.put("snapshot.max.threads", "2");
    props.put("backfill.chunk.rows", "4");
    props.put("poll.interval.ms", "50");
    try (TaskHarness task = new TaskHarness(props)) {
      // the initial snapshot, 4 chunks of a table each
      List<SourceRecord> snapshot = task.poll(TABLES.size() * ROWS, WAIT);
      Map<String, Map<Object, Map<String, Object>>> state = new TreeMap<>();
      for (SourceRecord record : snapshot) {
        assertThat(op(record)).isEqualTo("r");
        apply(state, record);
      }
      assertThat(state).isEqualTo(expected(Set.of(), Map.of(), Set.of()));

      // streaming: per table an insert, an update of a non-key column and a delete
      List<String> changes = new ArrayList<>();
      for (Table t : TABLES) {
        changes.add(insert(t, 100));
        changes.add(
            "UPDATE "
                + t.sql()
                + " SET "
                + q(t.col2)
                + " = "
                + t.valueSql(t.col2, 1001)
                + " WHERE "
                + q(t.key)
                + " = "
                + t.keySql(1));
        changes.add("DELETE FROM " + t.sql() + " WHERE " + q(t.key) + " = " + t.keySql(2));
      }
      db.execute(changes.toArray(String[]::new));
      List<SourceRecord> streamed = task.poll(TABLES.size() * 3, WAIT);
      assertThat(streamed.stream().map(OddIdentifiersIT::op).toList())
          .containsExactlyElementsOf(
              TABLES.stream().flatMap(t -> List.of("c", "u", "d").stream()).toList());
      for (SourceRecord record : streamed) {
        apply(state, record);
      }
      Map<String, Map<Object, Map<String, Object>>> afterStream =
          expected(Set.of(100), Map.of(1, 1001), Set.of(2));
      assertThat(state).isEqualTo(afterStream);

      // a backfill of every table, asked for in the signal table with the tables' quoted names
      String collections =
          TABLES.stream()
              .map(t -> "\"" + t.sql().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
              .collect(Collectors.joining(", "));
      db.execute(
          "INSERT INTO "
              + SIGNAL
              + " VALUES ('bf-odd', 'execute-snapshot', '{\"data-collections\": ["
              + collections.replace("'", "''")
              + "]}')");
      int backfillRows = TABLES.size() * ROWS;
      List<SourceRecord> backfill =
          task.pollUntil(
              polled -> polled.stream().filter(r -> op(r).equals("r")).count() >= backfillRows,
              WAIT);
      Map<String, Map<Object, Map<String, Object>>> read = new TreeMap<>();
      for (SourceRecord record : backfill) {
        assertThat(op(record)).as("only backfill reads came, no signal row").isEqualTo("r");
        apply(read, record);
      }
      assertThat(read).as("the backfill read every row as it is").isEqualTo(afterStream);
      assertThat(task.pollUntilQuiet(Duration.ofMillis(500))).as("nothing else").isEmpty();

      // every table went to its own legal topic
      Map<String, Set<String>> topics = new TreeMap<>();
      for (SourceRecord record : concat(snapshot, streamed, backfill)) {
        topics
            .computeIfAbsent(source(record).getString("table"), k -> new HashSet<>())
            .add(record.topic());
      }
      assertThat(topics)
          .isEqualTo(
              TOPICS.entrySet().stream()
                  .collect(Collectors.toMap(Map.Entry::getKey, e -> Set.of(e.getValue()))));
      for (String topic : TOPICS.values()) {
        Topic.validate(topic);
      }
      System.out.printf(
          "odd identifiers: %d tables, %d snapshot + %d streamed + %d backfill records, topics %s;"
              + " %d ms with the database's setup, %d ms from the connector's start%n",
          TABLES.size(),
          snapshot.size(),
          streamed.size(),
          backfill.size(),
          TOPICS.values(),
          (System.nanoTime() - started) / 1_000_000,
          (System.nanoTime() - setUp) / 1_000_000);
    }
  }

  /**
   * table.include.list as a user writes it: names with dots, commas or quotes in double quotes,
   * quotes doubled; others bare, case and non-ASCII letters as they are.
   */
  private static String includeList() {
    return "\"Odd Schema\".\"Order.Items\", \"my.app\".\"a,b\",public.\"quote\"\"d\","
        + " ÜnïcödeTäble, public.select,MixedCase";
  }

  private static String insert(Table t, int i) {
    return "INSERT INTO "
        + t.sql()
        + " ("
        + q(t.key)
        + ", "
        + q(t.col1)
        + ", "
        + q(t.col2)
        + ") VALUES ("
        + t.keySql(i)
        + ", "
        + t.valueSql(t.col1, i)
        + ", "
        + t.valueSql(t.col2, i)
        + ")";
  }

  /**
   * The rows of every table by key, each row's columns by name: rows 1..ROWS plus {@code added},
   * less {@code deleted}, col2 of the rows in {@code updated} set to the row's new version.
   */
  private static Map<String, Map<Object, Map<String, Object>>> expected(
      Set<Integer> added, Map<Integer, Integer> updated, Set<Integer> deleted) {
    Map<String, Map<Object, Map<String, Object>>> tables = new TreeMap<>();
    for (Table t : TABLES) {
      Map<Object, Map<String, Object>> rows = new LinkedHashMap<>();
      Set<Integer> ids = new HashSet<>(added);
      for (int i = 1; i <= ROWS; i++) {
        ids.add(i);
      }
      ids.removeAll(deleted);
      for (int i : ids) {
        Map<String, Object> row = new TreeMap<>();
        row.put(t.key, t.key(i));
        row.put(t.col1, t.value(t.col1, i));
        row.put(t.col2, t.value(t.col2, updated.getOrDefault(i, i)));
        rows.put(t.key(i), row);
      }
      tables.put(t.schema + "." + t.name, rows);
    }
    return tables;
  }

  /** Folds a record into {@code state}, checking its key and that it names its own table. */
  private static void apply(Map<String, Map<Object, Map<String, Object>>> state, SourceRecord r) {
    Struct source = source(r);
    Table t =
        TABLES.stream()
            .filter(
                x ->
                    x.schema.equals(source.getString("schema"))
                        && x.name.equals(source.getString("table")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("a record of an unknown table: " + source));
    Struct value = (Struct) r.value();
    Struct row = op(r).equals("d") ? value.getStruct("before") : value.getStruct("after");
    Struct key = (Struct) r.key();
    assertThat(key.schema().fields()).extracting(Field::name).containsExactly(t.key);
    Object id = key.get(t.key);
    assertThat(row.get(t.key)).isEqualTo(id);
    Map<Object, Map<String, Object>> rows =
        state.computeIfAbsent(t.schema + "." + t.name, k -> new LinkedHashMap<>());
    if (op(r).equals("d")) {
      rows.remove(id);
      return;
    }
    assertThat(row.schema().fields())
        .extracting(Field::name)
        .containsExactly(t.col1, t.key, t.col2);
    Map<String, Object> columns = new TreeMap<>();
    for (Field field : row.schema().fields()) {
      columns.put(field.name(), row.get(field));
    }
    rows.put(id, columns);
  }

  private static String op(SourceRecord record) {
    return ((Struct) record.value()).getString("op");
  }

  private static Struct source(SourceRecord record) {
    return ((Struct) record.value()).getStruct("source");
  }

  @SafeVarargs
  private static List<SourceRecord> concat(List<SourceRecord>... lists) {
    List<SourceRecord> all = new ArrayList<>();
    for (List<SourceRecord> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  /** An identifier for SQL, written here rather than taken from the code under test. */
  private static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
