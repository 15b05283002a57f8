package io.ductstream.source.pg;

import io.ductstream.metrics.TaskMetrics;
import io.ductstream.source.pg.backfill.BackfillProgress;
import io.ductstream.source.pg.backfill.Backfills;
import io.ductstream.source.pg.catalog.CatalogReader;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.config.SnapshotMode;
import io.ductstream.source.pg.ddl.CatalogWatch;
import io.ductstream.source.pg.ddl.SchemaGovernor;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.metrics.CaptureMetrics;
import io.ductstream.source.pg.records.ChangeQueue;
import io.ductstream.source.pg.records.ChangeRecord;
import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.records.TransactionAcks;
import io.ductstream.source.pg.replication.ReplicationReader;
import io.ductstream.source.pg.slot.ReplicationSlot;
import io.ductstream.source.pg.slot.SlotGap;
import io.ductstream.source.pg.slot.SlotState;
import io.ductstream.source.pg.snapshot.SnapshotDecision;
import io.ductstream.source.pg.snapshot.SnapshotMetrics;
import io.ductstream.source.pg.snapshot.SnapshotPhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots the captured tables when {@code snapshot.mode} says so (snapshot package), then streams
 * the slot: a reader thread decodes pgoutput into records, {@link #poll()} hands them to the
 * runtime, and {@link #commitRecord} counts what the runtime made durable, which is the only thing
 * that moves the slot's confirmed position.
 */
public class PostgresSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(PostgresSourceTask.class);

  private PostgresSourceConfig config;
  private List<String> tables;
  private ChangeQueue queue;
  private TransactionAcks acks;
  private volatile ReplicationReader reader;
  private volatile SnapshotPhase snapshot;
  private SnapshotMetrics metrics;
  private CaptureMetrics capture;
  private SchemaGovernor governor;
  private final List<TransactionAcks.Transaction> settling = new java.util.ArrayList<>();
  private final List<TransactionAcks.Transaction> settledOnce = new java.util.ArrayList<>();
  private CatalogWatch catalogWatch;

  /** Guards the two fields below: the snapshot's acknowledgements, counted until streaming. */
  private final Object snapshotAcks = new Object();

  private long snapshotAcked;
  private TransactionAcks.Transaction snapshotBarrier;

  @Override
  public String version() {
    return new PostgresSourceConnector().version();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new PostgresSourceConfig(props);
    tables = tables(props);
    queue = new ChangeQueue(config.maxQueueBytes());
    acks = new TransactionAcks(0);
    capture = new CaptureMetrics(TaskMetrics.of(context));
    capture.probeSlot(config.dsn(), config.slotName());
    Map<String, Object> offset = storedOffset();
    try (Connection catalog = PgConnections.open(config.dsn())) {
      int serverVersion = Integer.parseInt(PgConnections.show(catalog, "server_version_num"));
      SlotState slot = new ReplicationSlot(config).state(catalog, serverVersion);
      governSchemas(catalog, serverVersion);
      SnapshotDecision decision = SnapshotDecision.decide(config.snapshotMode(), offset, slot);
      String mode = config.snapshotMode().name().toLowerCase(Locale.ROOT);
      if (decision.action() == SnapshotDecision.Action.SNAPSHOT
          && offset != null
          && decision.lsn() == 0) {
        // A committed offset exists but cannot be continued: the log must say so.
        log.warn("snapshot.mode={}: {}", mode, decision.reason());
      } else {
        log.info("snapshot.mode={}: {} ({})", mode, decision.action(), decision.reason());
      }
      switch (decision.action()) {
        case STREAM -> {
          if (offset != null && (!slot.exists() || slot.lost())) {
            refuseGap(catalog, slot, offset);
          } else if (!slot.exists() && config.snapshotMode().streams()) {
            new ReplicationSlot(config).create(catalog);
          }
          startStreaming(SourceOffsets.Position.from(offset), BackfillProgress.from(offset));
        }
        case IDLE -> log.info("the snapshot is complete and snapshot.mode=initial_only: idle");
        case SNAPSHOT -> startSnapshot(decision, slot, serverVersion);
      }
    } catch (SQLException e) {
      throw new ConnectException(
          "cannot start capturing " + config.dsn().masked() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while starting replication", e);
    }
  }

  /**
   * With a DuctStream store (ddl.store.dsn): compares the captured tables with their schema
   * versions (a change made while the task was stopped becomes an event now), and with
   * ddl.catalog.enabled keeps comparing those of ddl.catalog.schemas every interval.
   */
  private void governSchemas(Connection catalog, int serverVersion) throws SQLException {
    if (config.ddlStore().isEmpty()) {
      return;
    }
    String signal = config.signalTable();
    List<TableId> captured =
        tables.stream()
            .map(TableId::parse)
            .filter(t -> signal.isEmpty() || !t.equals(TableId.parse(signal)))
            .toList();
    java.util.Set<TableId> capturedSet = java.util.Set.copyOf(captured);
    governor = new SchemaGovernor(config, capturedSet::contains);
    catalogWatch = new CatalogWatch(governor, config.dsn());
    catalogWatch.check(new CatalogReader(catalog, serverVersion), captured);
    if (config.ddlCatalogEnabled()) {
      List<String> schemas = config.ddlCatalogSchemas();
      catalogWatch.every(
          config.ddlCatalogInterval(),
          captured.stream().filter(t -> schemas.contains(t.schema())).toList(),
          serverVersion);
    }
  }

  /**
   * The DDL event the gate holds this task at, for a runtime that embeds it; empty when not held.
   */
  public java.util.OptionalLong heldByDdlEvent() {
    ReplicationReader streaming = reader;
    return streaming == null ? java.util.OptionalLong.empty() : streaming.heldByDdlEvent();
  }

  /**
   * The slot of a committed offset is gone, or lost the WAL after it: the changes since that offset
   * exist nowhere, and streaming on would skip them without a word. The task fails, saying how to
   * get the tables again; with snapshot.mode=never (no snapshot, ever) the gap is accepted and a
   * missing slot made again.
   */
  private void refuseGap(Connection catalog, SlotState slot, Map<String, Object> offset) {
    if (config.snapshotMode() == SnapshotMode.NEVER && !slot.exists()) {
      log.warn(
          "replication slot {} of the committed offset is gone: the changes made since that offset"
              + " are lost; snapshot.mode=never: creating the slot again and streaming from now",
          config.slotName());
      new ReplicationSlot(config).create(catalog);
      return;
    }
    throw SlotGap.error(
        config.slotName(),
        slot,
        "the committed offset (" + SourceOffsets.Position.from(offset) + ")");
  }

  private void startSnapshot(SnapshotDecision decision, SlotState slot, int serverVersion)
      throws SQLException {
    metrics = new SnapshotMetrics(TaskMetrics.of(context));
    snapshot =
        SnapshotPhase.prepare(
            config, tables, decision, slot, serverVersion, queue, partition(), metrics);
    if (governor != null) {
      snapshot.versions(governor::versionOf);
    }
    long lsn = snapshot.lsn();
    snapshot.start(
        () -> {
          if (config.snapshotMode().streams()) {
            awaitSnapshotRows(snapshot.recordsQueued(), lsn);
            startStreaming(new SourceOffsets.Position(lsn, 0), null);
          } else {
            log.info("snapshot complete; snapshot.mode=initial_only: the task reads nothing more");
          }
        });
  }

  /**
   * The snapshot's rows are queued, not yet durable: the slot must not be confirmed past the
   * snapshot's position until they are, by a streamed transaction or an idle advance of the stream
   * (a restart would continue the snapshot from its last committed chunk and stream from the
   * snapshot's position, which the slot could no longer send: changes to rows of the chunks already
   * committed would be lost). Those still unacknowledged hold the slot's confirmations.
   */
  private void awaitSnapshotRows(long queued, long lsn) {
    synchronized (snapshotAcks) {
      long outstanding = Math.max(0, queued - snapshotAcked);
      snapshotBarrier = acks.await(lsn, (int) Math.min(Integer.MAX_VALUE, outstanding));
    }
  }

  /** A snapshot row's acknowledgement: counted, or counted against the stream's barrier. */
  private void snapshotRowAcked() {
    synchronized (snapshotAcks) {
      if (snapshotBarrier == null) {
        snapshotAcked++;
      } else {
        acks.ack(snapshotBarrier);
      }
    }
  }

  /**
   * @param backfill the progress of the backfill the stored offset was in, or null
   */
  private void startStreaming(SourceOffsets.Position resume, BackfillProgress backfill)
      throws SQLException, InterruptedException {
    ReplicationReader started =
        new ReplicationReader(
            config,
            tables,
            config.tableFilter(),
            queue,
            acks,
            spoolDirectory(
                config.dsn().host() + ":" + config.dsn().port() + "/" + config.dsn().database(),
                config.slotName()),
            config.slotActiveWait());
    if (governor != null) {
      started.governSchemas(governor);
    }
    reader = started; // so stop() reaches it while it still waits for the database
    started.start("ductstream-replication-" + config.slotName(), resume, backfill);
    log.info("streaming; resuming after {}", resume);
  }

  /**
   * What became of the backfill asked for by the signal row with this id, for a runner that embeds
   * the task: empty while the stream has not brought the signal or its tables are still being read;
   * once done, the tables it skipped and why (empty when it read them all).
   */
  public Optional<List<String>> backfillOutcome(String signalId) {
    Backfills backfills = streamingBackfills();
    return backfills == null ? Optional.empty() : backfills.outcome(signalId);
  }

  /** True once the stream brought the signal row with this id. */
  public boolean signalSeen(String signalId) {
    Backfills backfills = streamingBackfills();
    return backfills != null && backfills.seen(signalId);
  }

  private Backfills streamingBackfills() {
    ReplicationReader streaming = reader;
    return streaming == null ? null : streaming.backfills();
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> records = queue.poll(config.maxBatchSize(), config.pollInterval());
    capture.handedOver(records);
    return records.isEmpty() ? null : records;
  }

  /**
   * The runtime stored the offsets of what it acknowledged: the checkpoint age starts again, and
   * the signal transactions whose plan-carrying record was acknowledged before the previous commit
   * are confirmed (the offsets stored since then hold the plan; a record acknowledged just before a
   * commit may have missed that commit's offsets, never the next one's).
   */
  @Override
  public void commit() throws InterruptedException {
    if (capture != null) {
      capture.checkpointed();
    }
    List<TransactionAcks.Transaction> due;
    synchronized (settling) {
      due = new java.util.ArrayList<>(settledOnce);
      settledOnce.clear();
      settledOnce.addAll(settling);
      settling.clear();
    }
    due.forEach(acks::ack);
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    if (!(record instanceof ChangeRecord change)) {
      return;
    }
    if (change.transaction() != null) {
      acks.ack(change.transaction());
    } else if (change.settles() == null
        && snapshot != null
        && SourceOffsets.isSnapshot(record.sourceOffset())) {
      // snapshot records belong to no transaction: they never move the slot, but the stream's
      // confirmations wait for them (awaitSnapshotRows)
      snapshotRowAcked();
    }
    if (change.settles() != null) {
      synchronized (settling) {
        settling.add(change.settles());
      }
    }
  }

  @Override
  public void stop() {
    SnapshotPhase phase = snapshot;
    if (phase != null) {
      phase.stop();
    }
    ReplicationReader streaming = reader;
    if (streaming != null) {
      streaming.stop();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (capture != null) {
      capture.close();
    }
    if (catalogWatch != null) {
      catalogWatch.close();
    }
    if (governor != null) {
      governor.close();
    }
  }

  private Map<String, Object> partition() {
    return SourceOffsets.partition(config.dsn().database(), config.slotName());
  }

  private Map<String, Object> storedOffset() {
    return context.offsetStorageReader().offset(partition());
  }

  private static List<String> tables(Map<String, String> props) {
    return PostgresSourceConnector.decodeTables(props.get(PostgresSourceConnector.TASK_TABLES));
  }

  /**
   * The directory for streamed transactions of this slot, emptied first: files a crashed task left
   * behind (row data of transactions in progress) are of no use to a new one, which replays them
   * from the slot. One task reads a slot of a server, so the directory (named by both) is this
   * task's alone.
   *
   * @param server host:port/database of the slot's server
   */
  static Path spoolDirectory(String server, String slot) {
    String name =
        "ductstream-spool-" + slot + "-" + Integer.toHexString(server.hashCode() & 0x7fffffff);
    Path directory = Path.of(System.getProperty("java.io.tmpdir"), name);
    try {
      if (Files.isDirectory(directory)) {
        try (var leftovers = Files.list(directory)) {
          for (Path leftover : (Iterable<Path>) leftovers::iterator) {
            Files.deleteIfExists(leftover);
            log.info("removed {} left by an earlier run of this task", leftover);
          }
        }
      }
      return Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      throw new ConfigException(
          "cannot prepare the directory for streamed transactions "
              + directory
              + ": "
              + e.getMessage());
    }
  }
}
