package io.ductstream.source.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A backfill's plan lives in the offsets of the records after its signal. Until the runtime stored
 * one of them (two offset commits after it was acknowledged), the signal's transaction is not
 * confirmed to the slot: a crash before that replays the signal, and the backfill still happens.
 */
@Tag("fault")
class BackfillSignalCrashIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aSignalWhosePlanWasNeverStoredIsReadAgainAfterACrashAndTheBackfillHappens()
      throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("bf_crash");
    db.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 50) g",
        "CREATE TABLE ductstream_signal (id text PRIMARY KEY, type text NOT NULL, data text)");
    Map<String, String> props =
        SourceConnectors.config(db, "bf-crash", "public.items,public.ductstream_signal");
    props.put("signal.table", "public.ductstream_signal");
    props.put("snapshot.mode", "never");
    props.put("backfill.chunk.rows", "10");
    String slot = props.get("slot.name");
    Map<String, Object> beforeSignal;
    long signalWal;
    try (TaskHarness task = new TaskHarness(props)) {
      db.execute("INSERT INTO items VALUES (51, 'streamed')");
      assertThat(task.poll(1, WAIT)).hasSize(1);
      beforeSignal = task.committedOffset();
      task.commit();
      task.commit();
      db.execute(
          "INSERT INTO ductstream_signal VALUES ('bf-crash', 'execute-snapshot',"
              + " '{\"data-collections\": [\"public.items\"]}')");
      // Where the signal's commit ends, at most (the insert position: with synchronous_commit off
      // the write position may lag behind). A bound taken before the signal would not do: the
      // slot may rightly confirm WAL written between it and the signal (the server's periodic
      // running-transactions record), which an idle reader learns of from a keepalive.
      signalWal = db.queryLong("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn");
      List<SourceRecord> read = task.pollUntil(records -> reads(records) >= 10, WAIT);
      assertThat(reads(read)).isGreaterThanOrEqualTo(10);
      // the plan-carrying record is acknowledged, but no offsets were stored since
      Thread.sleep(1500);
      assertThat(SourceConnectors.confirmedFlush(db, slot))
          .as("the slot stays before the end of the signal's transaction")
          .isLessThan(signalWal);
    }

    // a crash: the runtime never stored an offset after the signal; the restart resumes before it
    try (TaskHarness task = new TaskHarness(props, beforeSignal)) {
      List<SourceRecord> read = task.pollUntil(records -> reads(records) >= 51, WAIT);
      assertThat(
              read.stream()
                  .filter(r -> "r".equals(((Struct) r.value()).getString("op")))
                  .map(r -> ((Struct) r.value()).getStruct("after").getInt32("id"))
                  .distinct()
                  .count())
          .as("every row read by the backfill the signal asked for")
          .isEqualTo(51);
      task.commit();
      task.commit();
      await().atMost(WAIT).until(() -> SourceConnectors.confirmedFlush(db, slot) >= signalWal);
    }
  }

  private static long reads(List<SourceRecord> records) {
    return records.stream().filter(r -> "r".equals(((Struct) r.value()).getString("op"))).count();
  }
}
