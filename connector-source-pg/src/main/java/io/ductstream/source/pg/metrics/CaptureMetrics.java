package io.ductstream.source.pg.metrics;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.metrics.MeterNames;
import io.ductstream.metrics.TaskMetrics;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.records.ChangeRecord;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source task's meters ({@link MeterNames}): rows and estimated bytes per table and op as the
 * task hands them over, replication lag, the slot's retained WAL and the age of the last
 * checkpoint. The slot's numbers come from a query every {@link #SLOT_PROBE_INTERVAL} on a thread
 * of its own, so reading a meter never waits for the database.
 */
public final class CaptureMetrics implements AutoCloseable {
  static final Duration SLOT_PROBE_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(CaptureMetrics.class);
  private static final String SLOT_QUERY =
      "SELECT pg_wal_lsn_diff(w.lsn, s.restart_lsn)::bigint,"
          + " pg_wal_lsn_diff(w.lsn, s.confirmed_flush_lsn)::bigint"
          + " FROM (SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()"
          + " ELSE pg_current_wal_lsn() END AS lsn) w, pg_replication_slots s"
          + " WHERE s.slot_name = ?";

  private final TaskMetrics metrics;
  // on the polling thread only: the envelope schemas seen (a table has one per schema version)
  // and the counts per table and op
  private final Map<Schema, Envelope> envelopes = new IdentityHashMap<>();
  private final Map<String, Map<String, Counts>> counts = new HashMap<>();
  private volatile long lastCheckpointMillis = System.currentTimeMillis();
  private volatile double lagSeconds;
  private volatile double lagBytes = Double.NaN;
  private volatile double retainedBytes = Double.NaN;
  private ScheduledExecutorService slotProbe;

  public CaptureMetrics(TaskMetrics metrics) {
    this.metrics = metrics;
    metrics.register(
        MeterNames.LAG_SECONDS,
        "Seconds between the commit of the last change handed over and its hand-over",
        Map.of(),
        () -> lagSeconds);
    metrics.register(
        MeterNames.CHECKPOINT_AGE_SECONDS,
        "Seconds since the last checkpoint (offset commit)",
        Map.of(),
        () -> (System.currentTimeMillis() - lastCheckpointMillis) / 1000.0);
  }

  /** Also publishes the slot's lag and retained WAL, asking the database every 10 s. */
  public void probeSlot(PostgresDsn dsn, String slot) {
    if (metrics == TaskMetrics.NONE || slotProbe != null) {
      return;
    }
    metrics.register(
        MeterNames.LAG_BYTES,
        "WAL bytes between the server's position and the slot's confirmed position",
        Map.of(),
        () -> lagBytes);
    metrics.register(
        MeterNames.RETAINED_WAL_BYTES,
        "WAL bytes the replication slot keeps on the server",
        Map.of(),
        () -> retainedBytes);
    slotProbe =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "ductstream-slot-metrics-" + slot);
              thread.setDaemon(true);
              return thread;
            });
    slotProbe.scheduleWithFixedDelay(
        () -> probe(dsn, slot), 0, SLOT_PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Counts the records {@code poll()} hands over (null or empty: nothing is waiting). */
  public void handedOver(List<SourceRecord> records) {
    if (metrics == TaskMetrics.NONE) {
      return; // nobody reads them: no work per record
    }
    if (records == null || records.isEmpty()) {
      lagSeconds = 0;
      return;
    }
    long lastCommit = -1;
    for (SourceRecord record : records) {
      if (!(record.value() instanceof Struct value)) {
        continue;
      }
      Envelope envelope = envelopes.get(value.schema());
      if (envelope == null && ChangeEnvelope.isEnvelope(value.schema())) {
        envelope = new Envelope(value.schema(), record.keySchema());
        envelopes.put(value.schema(), envelope);
      }
      if (envelope == null) {
        continue; // not a change (a heartbeat, say)
      }
      Object op = value.get(envelope.op);
      String code = op == null ? "" : op.toString();
      Counts count = envelope.counts(code, value);
      long bytes =
          record instanceof ChangeRecord change && change.valueBytes() >= 0
              ? change.valueBytes()
              : envelope.estimateBytes(value);
      count.add(bytes);
      if (!code.equals(ChangeEnvelope.Op.READ.code()) && record.timestamp() != null) {
        lastCommit = record.timestamp();
      }
    }
    if (lastCommit >= 0) {
      lagSeconds = Math.max(0, System.currentTimeMillis() - lastCommit) / 1000.0;
    }
  }

  /** The runtime stored the offsets of what was handed over (Connect's {@code commit()}). */
  public void checkpointed() {
    lastCheckpointMillis = System.currentTimeMillis();
  }

  @Override
  public void close() {
    if (slotProbe != null) {
      slotProbe.shutdownNow();
    }
    metrics.close();
  }

  private Counts counts(String table, String op) {
    Map<String, Counts> ops = counts.computeIfAbsent(table, t -> new HashMap<>());
    Counts count = ops.get(op);
    if (count == null) {
      count = new Counts();
      ops.put(op, count);
      Map<String, String> tags = Map.of(MeterNames.TABLE, table, MeterNames.OP, op);
      metrics.register(
          MeterNames.ROWS, "Change rows handed over by the source", tags, count.rows::get);
      metrics.register(
          MeterNames.BYTES,
          "Estimated bytes of the column values of those rows",
          tags,
          count.bytes::get);
    }
    return count;
  }

  private void probe(PostgresDsn dsn, String slot) {
    try (Connection connection = PgConnections.open(dsn);
        PreparedStatement query = connection.prepareStatement(SLOT_QUERY)) {
      query.setQueryTimeout((int) SLOT_PROBE_INTERVAL.toSeconds());
      query.setString(1, slot);
      try (ResultSet rs = query.executeQuery()) {
        boolean found = rs.next();
        retainedBytes = found ? number(rs, 1) : Double.NaN;
        lagBytes = found ? number(rs, 2) : Double.NaN;
      }
    } catch (SQLException | RuntimeException e) {
      log.debug("cannot read the state of slot {}: {}", slot, e.getMessage());
      retainedBytes = Double.NaN;
      lagBytes = Double.NaN;
    }
  }

  private static double number(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? Double.NaN : Math.max(0, value);
  }

  /** One table's and op's counts: written by the polling thread only, read by any. */
  private static final class Counts {
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    void add(long rowBytes) {
      // one writer: a release store is enough, no read-modify-write
      rows.setRelease(rows.getPlain() + 1);
      bytes.setRelease(bytes.getPlain() + rowBytes);
    }
  }

  /** Where an envelope schema keeps what the meters read, looked up once per schema. */
  private final class Envelope {
    final Field op;
    final Field before;
    final Field after;
    final Field source;
    final boolean sharedTopic; // tables share the topic: the table is read from each row
    String table;
    String lastOp; // the op of the last row and its counts (one table only)
    Counts lastCounts;

    Envelope(Schema schema, Schema keySchema) {
      op = schema.field(ChangeEnvelope.OP);
      before = schema.field(ChangeEnvelope.BEFORE);
      after = schema.field(ChangeEnvelope.AFTER);
      source = schema.field(ChangeEnvelope.SOURCE);
      sharedTopic = ChangeEnvelope.hasTableInKey(keySchema);
    }

    /** The counts of the row's table and op; a run of rows of one op costs no lookup. */
    Counts counts(String code, Struct value) {
      if (sharedTopic) {
        return CaptureMetrics.this.counts(table(value), code);
      }
      if (!code.equals(lastOp)) {
        if (table == null) {
          table = table(value);
        }
        lastCounts = CaptureMetrics.this.counts(table, code);
        lastOp = code;
      }
      return lastCounts;
    }

    /** {@code schema.table}, from the row's source block. */
    private String table(Struct value) {
      Object block = value.get(source);
      return block instanceof Struct s
          ? s.get(ChangeEnvelope.SOURCE_SCHEMA) + "." + s.get(ChangeEnvelope.SOURCE_TABLE)
          : "";
    }

    long estimateBytes(Struct value) {
      Object row = after == null ? null : value.get(after);
      if (row == null && before != null) {
        row = value.get(before);
      }
      return CaptureMetrics.estimateBytes(row);
    }
  }

  /**
   * A row's size as its values are held, for records that do not carry the size of their change
   * message's values (snapshot rows, records of other sources): characters of text, bytes of binary
   * values, 8 for a number or any other scalar, the sum for structs, arrays and maps.
   */
  static long estimateBytes(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return 8;
    }
    if (value instanceof String text) {
      return text.length();
    }
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof ByteBuffer buffer) {
      return buffer.remaining();
    }
    if (value instanceof Struct struct) {
      long sum = 0;
      for (Field field : struct.schema().fields()) {
        sum += estimateBytes(struct.get(field));
      }
      return sum;
    }
    if (value instanceof List<?> list) {
      long sum = 0;
      for (Object element : list) {
        sum += estimateBytes(element);
      }
      return sum;
    }
    if (value instanceof Map<?, ?> map) {
      long sum = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        sum += estimateBytes(entry.getKey()) + estimateBytes(entry.getValue());
      }
      return sum;
    }
    return 8;
  }
}
