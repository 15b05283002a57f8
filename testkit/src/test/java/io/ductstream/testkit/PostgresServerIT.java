package io.ductstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

class PostgresServerIT {
  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = PostgresServer.shared().createDatabase("pg_smoke");
  }

  @Test
  void insertedRowArrivesThroughPgoutputReplication() throws Exception {
    db.execute(
        "CREATE TABLE greeting (id int PRIMARY KEY, msg text)",
        "CREATE PUBLICATION smoke_pub FOR TABLE greeting");
    try (Connection conn = db.connectForReplication()) {
      PGConnection pg = conn.unwrap(PGConnection.class);
      pg.getReplicationAPI()
          .createReplicationSlot()
          .logical()
          .withSlotName("smoke_slot")
          .withOutputPlugin("pgoutput")
          .make();
      db.execute("INSERT INTO greeting VALUES (42, 'hello from the WAL')");

      try (PGReplicationStream stream =
          pg.getReplicationAPI()
              .replicationStream()
              .logical()
              .withSlotName("smoke_slot")
              .withStartPosition(LogSequenceNumber.valueOf("0/0"))
              .withSlotOption("proto_version", "1")
              .withSlotOption("publication_names", "smoke_pub")
              .withStatusInterval(1, TimeUnit.SECONDS)
              .start()) {
        List<String> insertedValues = readFirstInsert(stream);
        System.out.println("pgoutput Insert carried " + insertedValues);
        assertThat(insertedValues).containsExactly("42", "hello from the WAL");
      }
    }
  }

  @Test
  void eachCallGivesAFreshDatabase() {
    TestDatabase other = PostgresServer.shared().createDatabase("pg_smoke");
    assertThat(other.name()).isNotEqualTo(db.name());
    assertThat(PostgresServer.shared().versionNum()).isGreaterThanOrEqualTo(150000);
  }

  /** Reads pgoutput messages until the first Insert ('I') and returns its columns' text values. */
  private static List<String> readFirstInsert(PGReplicationStream stream) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      ByteBuffer msg = stream.readPending();
      if (msg == null) {
        TimeUnit.MILLISECONDS.sleep(10);
        continue;
      }
      int offset = msg.arrayOffset() + msg.position();
      ByteBuffer buf = ByteBuffer.wrap(msg.array(), offset, msg.remaining());
      if (buf.get() != 'I') {
        continue;
      }
      buf.getInt(); // relation id
      buf.get(); // 'N': new tuple
      int columns = buf.getShort();
      List<String> values = new ArrayList<>();
      for (int i = 0; i < columns; i++) {
        byte kind = buf.get();
        if (kind == 't') {
          byte[] text = new byte[buf.getInt()];
          buf.get(text);
          values.add(new String(text, StandardCharsets.UTF_8));
        } else {
          values.add(null);
        }
      }
      stream.setFlushedLSN(stream.getLastReceiveLSN());
      return values;
    }
    throw new AssertionError("no Insert message arrived within 30 s");
  }
}
