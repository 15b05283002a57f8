package io.ductstream.source.pg.backfill;

import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.decoding.RelationMessage;
import io.ductstream.source.pg.records.ChangeTap;
import io.ductstream.source.pg.records.ReadRow;
import io.ductstream.source.pg.records.ReadRowSink;
import io.ductstream.source.pg.records.TableMapper;
import io.ductstream.source.pg.records.TableMapper.RowImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-demand backfills while streaming goes on (an incremental snapshot, as DBLog describes it). A
 * row in the signal table asks for tables; a {@link BackfillRunner} thread reads each table in key
 * order, one chunk at a time, between a low and a high watermark it writes to the WAL with {@code
 * pg_logical_emit_message}. On the replication thread, this class notes the keys that change
 * between the two watermarks and, at the high one, emits the chunk's other rows as {@code op=r}
 * records, at that point of the stream: a row never overtakes a newer change of its key, and none
 * is lost. The plan (tables left, key reached) lives on the replication thread and goes into the
 * offset of every record, so a restarted task goes on where the last durable record was.
 */
public final class Backfills implements ChangeTap, AutoCloseable {
  /** Prefix of the watermark messages. */
  public static final String WATERMARK_PREFIX = "ductstream.backfill";

  private static final Logger log = LoggerFactory.getLogger(Backfills.class);

  private final TableId signalTable;
  private final String tag;
  private final boolean watermarksArrive;
  private final BackfillWindow window = new BackfillWindow();
  private final AtomicReference<ChunkRows> ready = new AtomicReference<>();
  private final Semaphore consumed = new Semaphore(0);
  private final Object planChanged = new Object();

  private volatile BackfillProgress plan;

  /** Signals whose tables are in the plan (replication thread). */
  private final Set<String> planned = new LinkedHashSet<>();

  /** Tables the plan skipped, with why (replication thread). */
  private final List<String> skipped = new ArrayList<>();

  /** Signals done: what they skipped (empty when every table was read). */
  private final Map<String, List<String>> finished = new ConcurrentHashMap<>();

  /** Every signal the stream brought, backfill or not. */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private BackfillRunner runner;
  private Map<String, Object> offsetEntry;
  private long emittedRows;

  /**
   * @param signalTable {@code schema.table} of the signal table
   * @param tag tells this task's watermarks from those of other slots and earlier runs
   * @param watermarksArrive false when the server does not send messages (before PostgreSQL 14)
   * @param resumed the progress in the last stored offset, or null
   */
  public Backfills(
      String signalTable, String tag, boolean watermarksArrive, BackfillProgress resumed) {
    this.signalTable = TableId.parse(signalTable);
    this.tag = tag;
    this.watermarksArrive = watermarksArrive;
    setPlan(resumed);
    if (resumed != null) {
      planned.add(resumed.id());
      log.info(
          "backfill {} goes on with {} after key {}",
          resumed.id(),
          resumed.tables(),
          resumed.afterKey());
    }
  }

  String tag() {
    return tag;
  }

  /** Starts the thread that reads chunks, on its own connection to {@code dsn}. */
  /** Starts the reading thread; {@code fatal} fails the task when that thread cannot go on. */
  public void startReading(
      io.ductstream.contract.pg.PostgresDsn dsn,
      int chunkRows,
      String threadName,
      java.util.function.Consumer<RuntimeException> fatal) {
    runner = new BackfillRunner(this, dsn, chunkRows, fatal);
    runner.start(threadName);
  }

  // ---- replication thread ----

  /** True for the signal table's relation, whose rows are signals, not records. */
  @Override
  public boolean isSignal(RelationMessage relation) {
    return signalTable.names(relation);
  }

  /** A row inserted into the signal table. */
  @Override
  public void signal(Struct row) {
    String id = text(row, "id");
    String type = text(row, "type");
    if (id != null) {
      seen.add(id);
    }
    if (!BackfillSignal.isBackfill(type)) {
      log.warn("signal {} of type \"{}\" is ignored; the known type is execute-snapshot", id, type);
      return;
    }
    if (!watermarksArrive) {
      refused(
          id,
          "backfill signal "
              + id
              + " is ignored: backfills need PostgreSQL 14 or later, whose pgoutput"
              + " sends the watermark messages they rely on");
      return;
    }
    BackfillSignal signal;
    try {
      signal = BackfillSignal.parse(id, text(row, "data"));
    } catch (IllegalArgumentException e) {
      refused(id, e.getMessage());
      return;
    }
    if (id != null) {
      planned.add(id);
    }
    BackfillProgress current = plan;
    if (current == null) {
      setPlan(new BackfillProgress(signal.id(), signal.tables(), null));
    } else {
      Set<String> tables = new LinkedHashSet<>(current.tables());
      tables.addAll(signal.tables());
      setPlan(new BackfillProgress(current.id(), new ArrayList<>(tables), current.afterKey()));
    }
    log.info("backfill signal {}: reading {} while streaming goes on", id, signal.tables());
  }

  private void refused(String id, String why) {
    log.error("{}", why);
    if (id != null) {
      finished.put(id, List.of(why));
    }
  }

  /**
   * What became of the signal with this id: empty while it is unknown or its tables are still being
   * read; once done, the tables it skipped and why (an empty list when it read them all). A refused
   * signal is done with the reason.
   */
  public Optional<List<String>> outcome(String signalId) {
    return Optional.ofNullable(finished.get(signalId));
  }

  /** True once the stream brought the signal row with this id. */
  public boolean seen(String signalId) {
    return seen.contains(signalId);
  }

  /** A logical decoding message; watermarks of this task drive the chunks. */
  @Override
  public void message(String prefix, ByteBuffer content, ReadRowSink stream) {
    if (!WATERMARK_PREFIX.equals(prefix)) {
      return;
    }
    String text = StandardCharsets.UTF_8.decode(content).toString();
    if (!text.startsWith(tag + ":")) {
      return; // another slot's, or an earlier run's
    }
    String[] parts = text.substring(tag.length() + 1).split(":");
    long seq = Long.parseLong(parts[1]);
    if (parts[0].equals("L")) {
      window.open(Integer.parseInt(parts[2]));
    } else if (parts[0].equals("H")) {
      high(seq, stream);
    }
  }

  /** A change of a table was emitted. */
  @Override
  public void changed(int relationId, Struct key) {
    window.changed(relationId, key);
  }

  @Override
  public void truncated(int relationId) {
    window.truncated(relationId);
  }

  /** The entry every record's offset carries while a backfill runs, or null. */
  @Override
  public Map<String, Object> offsetEntry() {
    return offsetEntry;
  }

  private void high(long seq, ReadRowSink stream) {
    ChunkRows chunk = ready.get();
    if (chunk == null || chunk.seq() != seq) {
      window.close(new ArrayList<>());
      return;
    }
    ready.set(null);
    try {
      emit(chunk, stream);
    } finally {
      consumed.release();
    }
  }

  private void emit(ChunkRows chunk, ReadRowSink stream) {
    BackfillProgress current = plan;
    String table = chunk.tableName();
    if (current == null || !current.table().equals(table)) {
      window.close(new ArrayList<>());
      return; // the plan moved on (a resumed or stale chunk)
    }
    if (chunk.error() != null) {
      window.close(new ArrayList<>());
      log.error("backfill {} skips {}: {}", current.id(), table, chunk.error());
      skipped.add(table + ": " + chunk.error());
      advance(current.nextTable(), current, table);
      return;
    }
    RelationMessage relation = chunk.table().relationMessage();
    TableMapper mapper = stream.mapper(relation);
    if (mapper == null) {
      window.close(new ArrayList<>());
      log.error(
          "backfill {} skips {}: the connector does not capture it (table.include.list,"
              + " table.exclude.list and the publication decide what it captures)",
          current.id(),
          table);
      skipped.add(table + ": the connector does not capture it");
      advance(current.nextTable(), current, table);
      return;
    }
    if (!sameColumns(mapper.relation(), relation)) {
      window.close(new ArrayList<>());
      log.warn("{} changed shape during its backfill; its chunk is read again", table);
      return; // the plan is unchanged: the runner reads the same chunk again
    }
    List<ReadRow> rows = new ArrayList<>(chunk.rows().size());
    io.ductstream.source.pg.decoding.TupleData tuple =
        new io.ductstream.source.pg.decoding.TupleData();
    for (ChunkRows.RawRow raw : chunk.rows()) {
      raw.into(tuple);
      RowImage image = mapper.readImage(tuple);
      rows.add(new ReadRow(image.key(), image.row(), raw.estimatedBytes()));
    }
    window.close(rows);
    BackfillProgress next = chunk.last() ? current.nextTable() : current.after(chunk.lastKey());
    stream.emitRead(mapper, rows, next == null ? null : next.offsetEntry());
    emittedRows += rows.size();
    if (chunk.last()) {
      log.info(
          "backfill {} read {}: {} rows emitted in all so far", current.id(), table, emittedRows);
    }
    advance(next, current, table);
  }

  private void advance(BackfillProgress next, BackfillProgress current, String table) {
    BackfillProgress latest = plan;
    if (next != null && latest != current) {
      // signals that came meanwhile added tables to the plan: keep them
      Set<String> tables = new LinkedHashSet<>(next.tables());
      tables.addAll(latest.tables());
      next = new BackfillProgress(next.id(), new ArrayList<>(tables), next.afterKey());
    } else if (next == null && latest != current) {
      List<String> rest = new ArrayList<>(latest.tables());
      rest.remove(table);
      next = rest.isEmpty() ? null : new BackfillProgress(latest.id(), rest, null);
    }
    if (next == null) {
      log.info("backfill {} is complete", current.id());
      for (String id : planned) {
        finished.put(id, List.copyOf(skipped));
      }
      planned.clear();
      skipped.clear();
    }
    setPlan(next);
  }

  /** Publishes the plan to the runner and to the offsets. */
  private void setPlan(BackfillProgress next) {
    plan = next;
    offsetEntry = next == null ? null : next.offsetEntry();
    synchronized (planChanged) {
      planChanged.notifyAll();
    }
  }

  private static boolean sameColumns(RelationMessage a, RelationMessage b) {
    if (a.columns().size() != b.columns().size()) {
      return false;
    }
    for (int i = 0; i < a.columns().size(); i++) {
      if (!a.columns().get(i).name().equals(b.columns().get(i).name())
          || a.columns().get(i).typeOid() != b.columns().get(i).typeOid()) {
        return false;
      }
    }
    return true;
  }

  private static String text(Struct row, String field) {
    Object value = row.schema().field(field) == null ? null : row.get(field);
    return value == null ? null : value.toString();
  }

  // ---- runner thread ----

  /** The plan as it stands, waiting up to {@code millis} for one; null when there is none. */
  BackfillProgress awaitPlan(long millis) throws InterruptedException {
    BackfillProgress current = plan;
    if (current == null) {
      synchronized (planChanged) {
        current = plan;
        if (current == null) {
          planChanged.wait(millis);
          current = plan;
        }
      }
    }
    return current;
  }

  /** The chunk is read; its high watermark follows. */
  void offer(ChunkRows chunk) {
    consumed.drainPermits();
    ready.set(chunk);
  }

  /** True once the stream passed the chunk's high watermark (false after {@code millis}). */
  boolean awaitConsumed(long millis) throws InterruptedException {
    return consumed.tryAcquire(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (runner != null) {
      runner.stop();
    }
    synchronized (planChanged) {
      planChanged.notifyAll();
    }
  }
}
