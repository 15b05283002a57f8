package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.snapshot.SnapshotProgress;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.StandaloneSourceTaskContext;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The initial snapshot against a real Postgres, through the task as the runtime drives it: tables
 * that hold rows arrive as {@code op=r} records, then the stream continues exactly where the
 * snapshot was taken.
 */
class SnapshotIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static TestDatabase db;

  @BeforeAll
  static void create() {
    db = PostgresServer.shared().createDatabase("snapshot");
  }

  private static Map<String, String> props(String name, String table) {
    Map<String, String> props = new HashMap<>(SourceConnectors.config(db, name, table));
    props.put("snapshot.chunk.rows", "1000");
    props.put("snapshot.max.threads", "3");
    return props;
  }

  @Test
  void snapshotAndStreamMeetExactlyWhileRowsChangeDuringTheSnapshot() throws Exception {
    int rows = 20_000;
    db.execute(
        "CREATE TABLE busy (id int PRIMARY KEY, v int NOT NULL, pad text)",
        "INSERT INTO busy SELECT g, 0, repeat('x', 50) FROM generate_series(1, " + rows + ") g");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    Thread writer = new Thread(() -> write(writing, writes, rows), "writer");
    writer.start();
    try (TaskHarness task = new TaskHarness(props("busy", "busy"))) {
      // Rows change before, during and after the snapshot; every change has its own version.
      List<SourceRecord> records = new ArrayList<>();
      records.addAll(task.pollUntil(polled -> streamed(polled) > 200, WAIT));
      writing.set(false);
      writer.join();
      Map<Integer, Integer> table = versions("busy");
      records.addAll(task.pollUntil(polled -> matches(state(records, polled), table), WAIT));

      int snapshotRows = 0;
      Map<Integer, List<Integer>> history = new TreeMap<>();
      boolean streaming = false;
      for (SourceRecord record : records) {
        Struct value = (Struct) record.value();
        String op = value.getString("op");
        Struct row = "d".equals(op) ? value.getStruct("before") : value.getStruct("after");
        int id = row.getInt32("id");
        if ("r".equals(op)) {
          assertThat(streaming).as("every snapshot record comes before the stream").isFalse();
          assertThat(value.getStruct("source").getBoolean("snapshot")).isTrue();
          assertThat(value.getStruct("before")).isNull();
          assertThat(((Struct) record.key()).getInt32("id")).isEqualTo(id);
          snapshotRows++;
        } else {
          streaming = true;
          assertThat(value.getStruct("source").getBoolean("snapshot")).isFalse();
        }
        history
            .computeIfAbsent(id, k -> new ArrayList<>())
            .add("d".equals(op) ? -1 : row.getInt32("v"));
      }
      // Versions of a row rise by one per update: a repeat or a gap would show a change twice or
      // missed.
      history.forEach(
          (id, versions) -> {
            List<Integer> live = versions.stream().filter(v -> v >= 0).toList();
            for (int i = 1; i < live.size(); i++) {
              assertThat(live.get(i))
                  .as("row %d versions %s", id, versions)
                  .isEqualTo(live.get(i - 1) + 1);
            }
          });
      assertThat(state(records, List.of())).isEqualTo(table);
      System.out.println(
          "checked: "
              + snapshotRows
              + " snapshot rows and "
              + (records.size() - snapshotRows)
              + " streamed changes, "
              + writes.get()
              + " writes during the test; no change twice or missing, final state = table");
    }
  }

  /**
   * The stream starts once the snapshot's rows are queued, not once they are durable: until the
   * runtime acknowledges them, neither a streamed transaction it acknowledged nor an idle stream
   * may confirm the slot past the snapshot's position (a restart would continue the snapshot and
   * stream from that position, which the slot could then no longer send).
   */
  @Test
  void theSlotIsNotConfirmedPastTheSnapshotBeforeItsRowsAreAcknowledged() throws Exception {
    db.execute(
        "CREATE TABLE unacked (id int PRIMARY KEY)",
        "INSERT INTO unacked SELECT g FROM generate_series(1, 50) g");
    Map<String, String> props = props("unacked", "unacked");
    PostgresSourceConnector connector = new PostgresSourceConnector();
    connector.start(props);
    PostgresSourceTask task = new PostgresSourceTask();
    task.initialize(StandaloneSourceTaskContext.firstStart(connector.taskConfigs(1).get(0)));
    task.start(connector.taskConfigs(1).get(0));
    try {
      List<SourceRecord> snapshotRows = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (snapshotRows.size() < 50 && System.nanoTime() < deadline) {
        List<SourceRecord> polled = task.poll();
        if (polled != null) {
          snapshotRows.addAll(polled);
        }
      }
      assertThat(snapshotRows).hasSize(50);
      long snapshotLsn = ((Number) snapshotRows.get(49).sourceOffset().get("lsn")).longValue();
      String slot = props.get("slot.name");

      db.execute("INSERT INTO unacked VALUES (51)");
      List<SourceRecord> streamed = new ArrayList<>();
      while (streamed.isEmpty() && System.nanoTime() < deadline) {
        List<SourceRecord> polled = task.poll();
        if (polled != null) {
          streamed.addAll(polled);
        }
      }
      assertThat(streamed).hasSize(1);
      task.commitRecord(streamed.get(0), null);
      task.commit();
      // acknowledged streamed change, idle stream, heartbeats every 500 ms: still held
      Thread.sleep(2_000);
      assertThat(SourceConnectors.confirmedFlush(db, slot))
          .as("confirmed while 50 snapshot rows were not acknowledged")
          .isLessThanOrEqualTo(snapshotLsn);

      for (SourceRecord row : snapshotRows.subList(0, 49)) {
        task.commitRecord(row, null);
      }
      Thread.sleep(1_000);
      assertThat(SourceConnectors.confirmedFlush(db, slot)).isLessThanOrEqualTo(snapshotLsn);
      task.commitRecord(snapshotRows.get(49), null);
      org.awaitility.Awaitility.await()
          .atMost(WAIT)
          .until(() -> SourceConnectors.confirmedFlush(db, slot) > snapshotLsn);
    } finally {
      task.stop();
      connector.stop();
    }
  }

  /**
   * Rows larger than a reader's batch are handed over one by one, and the last of a chunk still
   * carries the chunk's completion: a runtime can commit the snapshot whole even when nothing comes
   * after it (before, the chunk's completion waited for a record that never came, so a worker run
   * could neither commit nor catch up).
   */
  @Test
  void aChunkOfRowsLargerThanABatchEndsWithARecordARestartCanResumeAfter() throws Exception {
    db.execute(
        "CREATE TABLE wide (id int PRIMARY KEY, v text)",
        "INSERT INTO wide SELECT i, (SELECT string_agg(md5(i::text || g::text), '')"
            + " FROM generate_series(1, 3000) g) FROM generate_series(1, 3) i");
    Map<String, String> props = props("wide", "wide");
    props.put("max.queue.bytes", "65536");
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = task.poll(3, WAIT);
      assertThat(records).hasSize(3);
      SourceRecord last = records.get(2);
      assertThat(((io.ductstream.source.pg.records.ChangeRecord) last).resumable())
          .as("the chunk's last record")
          .isTrue();
      assertThat(
              SnapshotProgress.decode((String) last.sourceOffset().get(SourceOffsets.SNAPSHOT))
                  .complete(List.of("public.wide")))
          .as("its offset names the table complete: %s", last.sourceOffset())
          .isTrue();
    }
  }

  @Test
  void textKeysWithQuotesAndBackslashesBoundChunksSafelyWhateverTheSessionQuoting()
      throws Exception {
    // Key values that end a naive literal when standard_conforming_strings is off, which the
    // database's own settings can ask for (a DSN's options= parameter is refused); chunks of 2
    // rows make them chunk bounds.
    db.execute(
        "CREATE TABLE quoted (k text PRIMARY KEY, n int)",
        "INSERT INTO quoted VALUES ('a\\''; SELECT 1; --', 1), ('b''', 2), ('c\\', 3),"
            + " ('d\\\\''', 4), ('e', 5), ('f''\\x', 6), ('g', 7)",
        "ALTER DATABASE \"" + db.name() + "\" SET standard_conforming_strings = off");
    Map<String, String> props = props("quoted", "quoted");
    props.put("snapshot.chunk.rows", "2");
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = task.poll(7, WAIT);
      Map<String, Integer> read = new TreeMap<>();
      for (SourceRecord record : records) {
        Struct after = ((Struct) record.value()).getStruct("after");
        assertThat(read.put(after.getString("k"), after.getInt32("n"))).isNull();
      }
      assertThat(read)
          .containsEntry("a\\'; SELECT 1; --", 1)
          .containsEntry("b'", 2)
          .containsEntry("c\\", 3)
          .containsEntry("d\\\\'", 4)
          .containsEntry("f'\\x", 6)
          .hasSize(7);
      assertThat(task.pollUntilQuiet(QUIET)).as("no row twice").isEmpty();
    } finally {
      db.execute("ALTER DATABASE \"" + db.name() + "\" RESET standard_conforming_strings");
    }
  }

  @Test
  void tableWithoutPrimaryKeyIsReadInBlockRanges() throws Exception {
    db.execute(
        "CREATE TABLE nokey (n int NOT NULL, label text)",
        "ALTER TABLE nokey REPLICA IDENTITY FULL",
        "INSERT INTO nokey SELECT g, 'row ' || g FROM generate_series(1, 5000) g",
        "ANALYZE nokey");
    Map<String, String> props = props("nokey", "nokey");
    props.put("snapshot.chunk.rows", "500");
    try (TaskHarness task = new TaskHarness(props, null, true)) {
      List<SourceRecord> records = task.poll(5000, WAIT);
      Set<Integer> seen = new HashSet<>();
      for (SourceRecord record : records) {
        Struct after = ((Struct) record.value()).getStruct("after");
        assertThat(record.key()).isNull();
        assertThat(after.getString("label")).isEqualTo("row " + after.getInt32("n"));
        assertThat(seen.add(after.getInt32("n"))).as("row %s once", after.getInt32("n")).isTrue();
      }
      assertThat(seen).hasSize(5000);
      SnapshotProgress progress = progress(task.committedOffset());
      assertThat(progress.complete(List.of("public.nokey"))).isTrue();
      assertThat(task.metric("ductstream_snapshot_rows_total", "public.nokey")).isEqualTo(5000.0);
      assertThat(task.metric("ductstream_snapshot_rows_estimated", "public.nokey"))
          .isEqualTo(5000.0);
      assertThat((Double) task.metric("ductstream_snapshot_chunks_total", null)).isGreaterThan(1.0);
      db.execute("INSERT INTO nokey VALUES (5001, 'after')");
      List<SourceRecord> more = task.poll(1, WAIT);
      assertThat(((Struct) more.get(0).value()).getString("op")).isEqualTo("c");
      System.out.println("checked: 5000 rows of a table without a key in ctid chunks, each once");
    }
  }

  @Test
  void compositeAndTextKeysOfSeveralTablesSplitIntoChunksAndReadEachRowOnce() throws Exception {
    db.execute(
        "CREATE TABLE pairs (region text, n int, note text, PRIMARY KEY (region, n))",
        "INSERT INTO pairs SELECT r, g, r || g FROM unnest(ARRAY['', 'it''s', 'a,b;c', 'é~!/',"
            + " 'Z']) r, generate_series(1, 700) g",
        "CREATE TABLE words (w text PRIMARY KEY)",
        "INSERT INTO words SELECT 'w' || g FROM generate_series(1, 2500) g");
    Map<String, String> props = props("pairs", "pairs,words");
    props.put("snapshot.chunk.rows", "300");
    Map<String, Object> offset;
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = task.poll(3500 + 2500, WAIT);
      records.addAll(task.pollUntilQuiet(QUIET));
      Set<String> pairs = new HashSet<>();
      Set<String> words = new HashSet<>();
      for (SourceRecord record : records) {
        Struct after = ((Struct) record.value()).getStruct("after");
        if (record.topic().endsWith(".pairs")) {
          String region = after.getString("region");
          assertThat(after.getString("note")).isEqualTo(region + after.getInt32("n"));
          assertThat(pairs.add(region + "|" + after.getInt32("n"))).isTrue();
        } else {
          assertThat(words.add(after.getString("w"))).isTrue();
        }
      }
      assertThat(pairs).hasSize(3500);
      assertThat(words).hasSize(2500);
      offset = task.committedOffset();
    }
    SnapshotProgress progress = progress(offset);
    assertThat(progress.complete(List.of("public.pairs", "public.words"))).isTrue();
    System.out.println(
        "checked: 3500 rows of a composite text key and 2500 of a text key, in 300-row chunks,"
            + " each once; progress "
            + progress);
  }

  @Test
  void emptyTableEmitsNothingAndStreamingFollows() throws Exception {
    db.execute("CREATE TABLE empty_t (id int PRIMARY KEY, v text)");
    try (TaskHarness task = new TaskHarness(props("empty", "empty_t"))) {
      db.execute("INSERT INTO empty_t VALUES (1, 'first')");
      List<SourceRecord> records = task.poll(1, WAIT);
      assertThat(records).hasSize(1);
      assertThat(((Struct) records.get(0).value()).getString("op")).isEqualTo("c");
      System.out.println(
          "checked: an empty table snapshots to nothing; the insert after it streams");
    }
  }

  @Test
  void everyTypeSnapshotsExactlyAsStreamingProducesIt() throws Exception {
    TestDatabase types = PostgresServer.shared().createDatabase("snaptypes");
    AllTypesStreamIT.createEverythingTable(types);
    types.execute(
        AllTypesStreamIT.edgeRowInsert(1),
        "INSERT INTO everything (id, t, nu) VALUES (2, '', '12.3400')",
        "INSERT INTO everything (id) VALUES (3)");
    Map<String, String> props =
        new HashMap<>(SourceConnectors.config(types, "snaptypes", "everything"));
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> snapshot = task.poll(3, WAIT);
      types.execute(
          AllTypesStreamIT.edgeRowInsert(11),
          "INSERT INTO everything (id, t, nu) VALUES (12, '', '12.3400')",
          "INSERT INTO everything (id) VALUES (13)");
      List<SourceRecord> streamed = task.poll(3, WAIT);

      Map<Integer, Struct> read = byId(snapshot);
      AllTypesStreamIT.assertRow("snapshot", read.get(1), AllTypesStreamIT.expectedEdgeRow(1));
      AllTypesStreamIT.assertSchemas(read.get(1).schema());
      Map<Integer, Struct> stream = byId(streamed);
      for (int id = 1; id <= 3; id++) {
        Struct r = read.get(id);
        Struct c = stream.get(id + 10);
        assertThat(r.schema()).isEqualTo(c.schema());
        for (Field field : r.schema().fields()) {
          if (!field.name().equals("id")) {
            assertThat(AllTypesStreamIT.comparable(r.get(field)))
                .as("row %d column %s", id, field.name())
                .isEqualTo(AllTypesStreamIT.comparable(c.get(field)));
          }
        }
      }
      assertThat(snapshot.get(0).valueSchema()).isEqualTo(streamed.get(0).valueSchema());
      assertThat(snapshot.get(0).topic()).isEqualTo(streamed.get(0).topic());
      System.out.println("checked: every type reads the same from the snapshot as from the stream");
    }
  }

  @Test
  void restartMidSnapshotReadsOnlyTheChunksNotCommitted() throws Exception {
    int rows = 6000;
    db.execute(
        "CREATE TABLE resumed (id int PRIMARY KEY, v text)",
        "INSERT INTO resumed SELECT g, 'v' || g FROM generate_series(1, " + rows + ") g");
    Map<String, String> props = props("resumed", "resumed");
    props.put("snapshot.chunk.rows", "500");
    props.put("snapshot.max.threads", "2");
    props.put("max.queue.bytes", "65536"); // readers wait for poll: the snapshot is mid-way at stop
    List<SourceRecord> first;
    Map<String, Object> committed;
    try (TaskHarness task = new TaskHarness(props)) {
      first = task.poll(2500, WAIT);
      committed = task.committedOffset();
    }
    SnapshotProgress progress = progress(committed);
    Set<Integer> done = new HashSet<>();
    Set<Integer> firstIds = ids(first);
    // Which ids the committed progress claims: read them back by the ranges it lists.
    for (int id = 1; id <= rows; id++) {
      if (covered(progress, id)) {
        done.add(id);
      }
    }
    assertThat(done).as("some chunks were committed").isNotEmpty();
    assertThat(done.size() % 500).as("chunks of chunk.rows rows each").isZero();
    assertThat(firstIds).containsAll(done);
    System.out.println(
        "injected: task stopped after "
            + first.size()
            + " records; committed progress "
            + progress
            + " covers "
            + done.size()
            + " rows");

    db.execute("UPDATE resumed SET v = 'changed' WHERE id = " + rows); // after the stop
    try (TaskHarness task = new TaskHarness(props, committed)) {
      List<SourceRecord> second = task.pollUntil(p -> ids(p).size() + done.size() >= rows, WAIT);
      second.addAll(task.pollUntilQuiet(QUIET));
      Set<Integer> secondIds = ids(second);
      assertThat(secondIds)
          .as("committed chunks are not read again")
          .doesNotContainAnyElementsOf(done);
      Set<Integer> all = new HashSet<>(done);
      all.addAll(secondIds);
      assertThat(all).as("no row lost").hasSize(rows);
      System.out.println(
          "checked: the restart read "
              + secondIds.size()
              + " rows, none of the "
              + done.size()
              + " committed ones; all "
              + rows
              + " rows present");
    }
  }

  @Test
  void anExistingSlotWithoutOffsetIsSnapshottedNowAndChangesSinceTheSlotMayComeTwice()
      throws Exception {
    db.execute("CREATE TABLE handmade (id int PRIMARY KEY)", "INSERT INTO handmade VALUES (1)");
    Map<String, String> props = props("handmade", "handmade");
    props.put("slot.create", "false");
    db.execute(
        "CREATE PUBLICATION " + props.get("publication.name") + " FOR TABLE handmade",
        "SELECT pg_create_logical_replication_slot('" + props.get("slot.name") + "', 'pgoutput')");
    db.execute("INSERT INTO handmade VALUES (2)"); // after the slot, before the task
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = task.poll(3, WAIT);
      records.addAll(task.pollUntilQuiet(QUIET));
      assertThat(records)
          .extracting(r -> ((Struct) r.value()).getString("op"))
          .containsExactly("r", "r", "c");
      assertThat(((Struct) records.get(2).value()).getStruct("after").getInt32("id"))
          .as("the change between the slot and the snapshot, also streamed")
          .isEqualTo(2);
      System.out.println(
          "checked: a hand-made slot without offset: rows read now, the change since the slot's"
              + " position streamed too (at least once), none lost");
    }
  }

  @Test
  void neverModeStreamsOnly() throws Exception {
    db.execute("CREATE TABLE never_t (id int PRIMARY KEY)", "INSERT INTO never_t VALUES (1), (2)");
    Map<String, String> props = props("never", "never_t");
    props.put("snapshot.mode", "never");
    try (TaskHarness task = new TaskHarness(props)) {
      db.execute("INSERT INTO never_t VALUES (3)");
      List<SourceRecord> records = task.poll(1, WAIT);
      assertThat(records).hasSize(1);
      assertThat(((Struct) records.get(0).value()).getStruct("after").getInt32("id")).isEqualTo(3);
      System.out.println("checked: snapshot.mode=never emits only the change after start");
    }
  }

  @Test
  void initialOnlyReadsTheTablesWithoutASlotAndThenNothing() throws Exception {
    db.execute(
        "CREATE TABLE only_t (id int PRIMARY KEY)",
        "INSERT INTO only_t SELECT generate_series(1, 100)");
    Map<String, String> props = props("only", "only_t");
    props.put("snapshot.mode", "initial_only");
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = task.poll(100, WAIT);
      db.execute("INSERT INTO only_t VALUES (101)");
      records.addAll(task.pollUntilQuiet(QUIET));
      assertThat(records).hasSize(100);
      assertThat(records).allMatch(r -> "r".equals(((Struct) r.value()).getString("op")));
      assertThat(SourceConnectors.confirmedFlush(db, props.get("slot.name")))
          .as("no slot")
          .isEqualTo(-1);
      System.out.println("checked: initial_only read 100 rows, created no slot, streamed nothing");
    }
  }

  @Test
  void whenNeededSnapshotsWithoutAnOffsetAndStreamsWithOne() throws Exception {
    db.execute(
        "CREATE TABLE needed (id int PRIMARY KEY)",
        "INSERT INTO needed SELECT generate_series(1, 10)");
    Map<String, String> props = props("needed", "needed");
    props.put("snapshot.mode", "when_needed");
    Map<String, Object> offset;
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = task.poll(10, WAIT);
      assertThat(records).allMatch(r -> "r".equals(((Struct) r.value()).getString("op")));
      db.execute("INSERT INTO needed VALUES (11)");
      List<SourceRecord> streamed = task.poll(1, WAIT);
      assertThat(((Struct) streamed.get(0).value()).getString("op")).isEqualTo("c");
      offset = task.committedOffset();
    }
    db.execute("INSERT INTO needed VALUES (12)");
    try (TaskHarness task = new TaskHarness(props, offset)) {
      List<SourceRecord> records = task.poll(1, WAIT);
      records.addAll(task.pollUntilQuiet(QUIET));
      assertThat(records).hasSize(1);
      assertThat(((Struct) records.get(0).value()).getStruct("after").getInt32("id")).isEqualTo(12);
      offset = task.committedOffset();
    }
    dropSlotOnceReleased(props.get("slot.name"));
    try (TaskHarness task = new TaskHarness(props, offset)) {
      List<SourceRecord> records = task.poll(12, WAIT);
      assertThat(records).allMatch(r -> "r".equals(((Struct) r.value()).getString("op")));
      assertThat(ids(records)).hasSize(12);
      System.out.println(
          "checked: when_needed snapshots on first start, streams after a restart, and snapshots"
              + " again when the slot of its offset is gone");
    }
  }

  @Test
  void initialWithAStreamingOffsetWhoseSlotIsGoneFailsRatherThanSkipTheChanges() throws Exception {
    db.execute("CREATE TABLE regone (id int PRIMARY KEY)", "INSERT INTO regone VALUES (1)");
    Map<String, String> props = props("regone", "regone");
    Map<String, Object> offset;
    try (TaskHarness task = new TaskHarness(props)) {
      task.poll(1, WAIT);
      db.execute("INSERT INTO regone VALUES (2)");
      task.poll(1, WAIT);
      offset = task.committedOffset();
    }
    dropSlotOnceReleased(props.get("slot.name"));
    db.execute("INSERT INTO regone VALUES (3)");
    Map<String, Object> committed = offset;

    assertThatThrownBy(() -> new TaskHarness(props, committed).close())
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("replication slot " + props.get("slot.name") + " of the committed")
        .hasMessageContaining("streaming on would skip them")
        .hasMessageContaining("snapshot.mode=when_needed")
        .hasMessageContaining("checkpoint reset");

    // snapshot.mode=never says: no snapshot, ever; the gap is accepted and the slot made again
    Map<String, String> never = new HashMap<>(props);
    never.put("snapshot.mode", "never");
    try (TaskHarness task = new TaskHarness(never, offset)) {
      db.execute("INSERT INTO regone VALUES (4)");
      List<SourceRecord> records = task.poll(1, WAIT);
      records.addAll(task.pollUntilQuiet(QUIET));
      assertThat(records).hasSize(1);
      assertThat(((Struct) records.get(0).value()).getStruct("after").getInt32("id")).isEqualTo(4);
      System.out.println(
          "checked: initial with an offset and no slot fails with the way back; never makes it"
              + " again and streams");
    }
  }

  @Test
  void aSlotLeftWithoutAnOffsetIsMadeAgainSoTheSnapshotAndTheStreamMeetExactly() throws Exception {
    db.execute("CREATE TABLE leftover (id int PRIMARY KEY)");
    db.execute("INSERT INTO leftover SELECT generate_series(1, 10)");
    Map<String, String> props = props("leftover", "leftover");
    // the slot a run killed before its first commit left behind (or one made by hand)
    db.execute(
        "SELECT pg_create_logical_replication_slot('" + props.get("slot.name") + "', 'pgoutput')");
    // rows written after the slot's position: in the snapshot, and in the slot's stream
    db.execute("INSERT INTO leftover SELECT generate_series(11, 15)");
    try (TaskHarness task = new TaskHarness(props)) {
      List<SourceRecord> records = task.poll(15, WAIT);
      db.execute("INSERT INTO leftover VALUES (16)");
      records.addAll(task.poll(1, WAIT));
      records.addAll(task.pollUntilQuiet(QUIET));
      assertThat(records.subList(0, 15))
          .allMatch(r -> "r".equals(((Struct) r.value()).getString("op")));
      assertThat(allIds(records))
          .as("each row once")
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.rangeClosed(1, 16).boxed().toList());
    }
    Map<String, String> byHand = new HashMap<>(props("leftover2", "leftover"));
    byHand.put("slot.create", "false");
    // made by hand as the docs say: the publication first (a slot decodes with the catalog of its
    // time), then the slot
    db.execute(
        "CREATE PUBLICATION " + byHand.get("publication.name") + " FOR TABLE leftover",
        "SELECT pg_create_logical_replication_slot('" + byHand.get("slot.name") + "', 'pgoutput')");
    db.execute("INSERT INTO leftover VALUES (17)");
    try (TaskHarness task = new TaskHarness(byHand)) {
      List<SourceRecord> records = task.poll(17, WAIT);
      records.addAll(task.pollUntilQuiet(QUIET));
      List<Integer> ids = allIds(records);
      assertThat(ids)
          .as("slot.create=false: the slot is kept; the row written after it comes twice")
          .hasSize(18)
          .containsOnlyOnce(1, 16);
      assertThat(ids.stream().filter(id -> id == 17).count()).isEqualTo(2);
      System.out.println(
          "checked: a slot with no offset is made again (exactly once); with slot.create=false it is"
              + " kept (at least once)");
    }
  }

  // --- helpers ---

  private static void dropSlotOnceReleased(String slot) {
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> !SourceConnectors.slotActive(db, slot));
    db.execute("SELECT pg_drop_replication_slot('" + slot + "')");
  }

  private static void write(AtomicBoolean writing, AtomicInteger writes, int rows) {
    java.util.Random random = new java.util.Random(7);
    int next = rows + 1;
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      while (writing.get()) {
        int pick = random.nextInt(10);
        if (pick < 7) {
          s.execute("UPDATE busy SET v = v + 1 WHERE id = " + (1 + random.nextInt(rows)));
        } else if (pick < 9) {
          s.execute("INSERT INTO busy VALUES (" + next++ + ", 0, 'new')");
        } else {
          s.execute("DELETE FROM busy WHERE id = " + (1 + random.nextInt(rows)));
        }
        writes.incrementAndGet();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long streamed(List<SourceRecord> records) {
    return records.stream().filter(r -> !"r".equals(((Struct) r.value()).getString("op"))).count();
  }

  /** Applies the records in order: id to version. */
  private static Map<Integer, Integer> state(List<SourceRecord> first, List<SourceRecord> more) {
    Map<Integer, Integer> state = new TreeMap<>();
    for (List<SourceRecord> list : List.of(first, more)) {
      for (SourceRecord record : list) {
        Struct value = (Struct) record.value();
        if ("d".equals(value.getString("op"))) {
          state.remove(value.getStruct("before").getInt32("id"));
        } else {
          Struct after = value.getStruct("after");
          state.put(after.getInt32("id"), after.getInt32("v"));
        }
      }
    }
    return state;
  }

  private static boolean matches(Map<Integer, Integer> state, Map<Integer, Integer> table) {
    return state.equals(table);
  }

  private static Map<Integer, Integer> versions(String table) throws Exception {
    Map<Integer, Integer> versions = new TreeMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT id, v FROM " + table)) {
      while (rows.next()) {
        versions.put(rows.getInt(1), rows.getInt(2));
      }
    }
    return versions;
  }

  private static Map<Integer, Struct> byId(List<SourceRecord> records) {
    Map<Integer, Struct> rows = new HashMap<>();
    for (SourceRecord record : records) {
      Struct after = ((Struct) record.value()).getStruct("after");
      rows.put(after.getInt32("id"), after);
    }
    return rows;
  }

  /** The id of every record, whatever its op, in order, repeats kept. */
  private static List<Integer> allIds(List<SourceRecord> records) {
    List<Integer> ids = new java.util.ArrayList<>();
    for (SourceRecord record : records) {
      Struct value = (Struct) record.value();
      Struct row =
          value.getStruct("after") != null ? value.getStruct("after") : value.getStruct("before");
      ids.add(row.getInt32("id"));
    }
    return ids;
  }

  private static Set<Integer> ids(List<SourceRecord> records) {
    Set<Integer> ids = new HashSet<>();
    for (SourceRecord record : records) {
      Struct value = (Struct) record.value();
      if ("r".equals(value.getString("op"))) {
        ids.add(value.getStruct("after").getInt32("id"));
      }
    }
    return ids;
  }

  private static SnapshotProgress progress(Map<String, Object> offset) {
    assertThat(offset).containsKey(SourceOffsets.SNAPSHOT);
    return SnapshotProgress.decode((String) offset.get(SourceOffsets.SNAPSHOT));
  }

  /** Whether the progress's completed ranges of public.resumed hold {@code id}. */
  private static boolean covered(SnapshotProgress progress, int id) {
    SnapshotProgress.TableProgress table = progress.table("public.resumed");
    if (table == null) {
      return false;
    }
    return table.done().stream()
        .anyMatch(
            r ->
                (r.lo() == null || id >= Integer.parseInt(r.lo().get(0)))
                    && (r.hi() == null || id < Integer.parseInt(r.hi().get(0))));
  }
}
