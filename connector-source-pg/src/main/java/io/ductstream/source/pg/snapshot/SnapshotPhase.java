package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.catalog.CatalogReader;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.catalog.TableShape;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.records.ChangeQueue;
import io.ductstream.source.pg.records.RelationCache;
import io.ductstream.source.pg.slot.ReplicationSlot;
import io.ductstream.source.pg.slot.SlotExport;
import io.ductstream.source.pg.slot.SlotState;
import io.ductstream.source.pg.types.TypeRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's snapshot, from taking the database snapshot to the last chunk queued. {@link #prepare}
 * runs in {@code start()}: it fixes the snapshot (the slot's exported one when the task creates the
 * slot, else one taken now) and the position the stream continues from; {@link #start} reads it on
 * background threads and then runs what follows (the stream).
 */
public final class SnapshotPhase {
  private static final Logger log = LoggerFactory.getLogger(SnapshotPhase.class);

  private final PostgresSourceConfig config;
  private final List<String> tables;
  private final SnapshotConnections readers;
  private final SnapshotProgress resume;
  private final long lsn;
  private final ChangeQueue queue;
  private final Map<String, ?> partition;
  private final SnapshotMetrics metrics;
  private volatile InitialSnapshot snapshot;
  private volatile boolean stopped;
  private Thread thread;

  private java.util.function.Function<TableShape, Integer> versions = shape -> null;

  private SnapshotPhase(
      PostgresSourceConfig config,
      List<String> tables,
      SnapshotConnections readers,
      SnapshotProgress resume,
      long lsn,
      ChangeQueue queue,
      Map<String, ?> partition,
      SnapshotMetrics metrics) {
    this.config = config;
    this.tables = tables;
    this.readers = readers;
    this.resume = resume;
    this.lsn = lsn;
    this.queue = queue;
    this.partition = partition;
    this.metrics = metrics;
  }

  /**
   * The schema version each table's rows carry, from its shape as read (unset: none); before {@link
   * #start}.
   */
  public void versions(java.util.function.Function<TableShape, Integer> versions) {
    this.versions = versions;
  }

  /** Takes the snapshot the readers share and opens them on it. */
  public static SnapshotPhase prepare(
      PostgresSourceConfig config,
      List<String> tables,
      SnapshotDecision decision,
      SlotState slot,
      int serverVersion,
      ChangeQueue queue,
      Map<String, ?> partition,
      SnapshotMetrics metrics)
      throws SQLException {
    int threads = config.snapshotMaxThreads();
    boolean streams = config.snapshotMode().streams();
    ReplicationSlot owner = new ReplicationSlot(config);
    if (streams && slot.lost()) {
      slot = owner.dropLost();
    }
    boolean firstSnapshot = decision.resume().tables().isEmpty() && decision.lsn() == 0;
    if (streams && firstSnapshot && slot.exists() && config.slotCreate()) {
      // Its snapshot can no longer be exported: made again, the slot's exported snapshot and its
      // stream meet exactly (else rows changed between the two would come twice).
      try {
        owner.dropForNewSnapshot(config.slotActiveWait());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException(
            "interrupted while dropping replication slot to re-create it", e);
      }
      slot = SlotState.MISSING;
    }
    SnapshotConnections readers;
    SlotExport export;
    long lsn;
    if (!firstSnapshot) {
      lsn = decision.lsn();
      if (decision.resume().complete(tables)) {
        log.info(
            "the snapshot was complete when the task stopped; continuing from {}",
            LogSequenceNumber.valueOf(lsn));
      } else {
        log.warn(
            "resuming an interrupted snapshot: its exported snapshot ended with the previous run,"
                + " so the chunks not yet committed ({}) are read in a new snapshot taken now; rows"
                + " of them changed after {} may also come again from the stream, which continues"
                + " from there (at least once for those rows; the final state is right)",
            decision.resume().encode().isEmpty() ? "all" : "all but " + decision.resume().encode(),
            LogSequenceNumber.valueOf(lsn));
      }
      readers = SnapshotConnections.now(config.dsn(), threads);
    } else if (streams && (export = createExporting(owner, slot, serverVersion)) != null) {
      try (export) {
        readers = SnapshotConnections.importing(config.dsn(), threads, export.snapshotName());
        lsn = export.consistentLsn();
      }
    } else if (streams) {
      if (!slot.exists()) { // created meanwhile by another start: read its position
        try (Connection c = PgConnections.open(config.dsn())) {
          slot = owner.state(c, serverVersion);
        }
      }
      lsn = slot.confirmedLsn();
      log.warn(
          "replication slot {} exists but the task has no committed offset: its snapshot cannot be"
              + " exported any more, so the tables are read as they are now and the stream starts"
              + " at the slot's confirmed position {}; changes made between the two may come twice"
              + " (none is lost). With slot.create=true the task makes the slot again instead.",
          config.slotName(),
          LogSequenceNumber.valueOf(lsn));
      readers = SnapshotConnections.now(config.dsn(), threads);
    } else {
      readers = SnapshotConnections.now(config.dsn(), threads);
      lsn = currentWal(readers.connections().get(0));
    }
    return new SnapshotPhase(
        config, tables, readers, decision.resume(), lsn, queue, partition, metrics);
  }

  /** A new slot with an exported snapshot, or null when the slot exists (or was made meanwhile). */
  private static SlotExport createExporting(
      ReplicationSlot owner, SlotState slot, int serverVersion) throws SQLException {
    return slot.exists() ? null : owner.createExporting(serverVersion).orElse(null);
  }

  /** How many records the snapshot has queued so far (all of them once it is complete). */
  public long recordsQueued() {
    InitialSnapshot running = snapshot;
    return running == null ? 0 : running.recordsQueued();
  }

  /** The position the stream continues from after the snapshot. */
  public long lsn() {
    return lsn;
  }

  /** Reads the snapshot on background threads, then runs {@code then} on the same thread. */
  public void start(ThenRun then) {
    thread =
        new Thread(
            () -> {
              try {
                read();
                if (!stopped) {
                  then.run();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException | SQLException | Error e) {
                if (!stopped) {
                  log.error("snapshot failed: {}", e.toString());
                  queue.fail(
                      e instanceof RuntimeException r
                          ? r
                          : new ConnectException("snapshot failed: " + e, e));
                }
              } finally {
                readers.close();
              }
            },
            "ductstream-snapshot-" + config.slotName());
    thread.setDaemon(true);
    thread.start();
  }

  /** What follows the snapshot. */
  @FunctionalInterface
  public interface ThenRun {
    void run() throws SQLException, InterruptedException;
  }

  /** Stops reading; closing the connections ends a COPY in progress. */
  public void stop() {
    stopped = true;
    InitialSnapshot running = snapshot;
    if (running != null) {
      running.stop();
    }
    if (thread != null) {
      thread.interrupt();
      readers.close();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      readers.close();
    }
  }

  private void read() throws SQLException, InterruptedException {
    List<SnapshotTable> described = new ArrayList<>();
    String database;
    try (Connection catalog = PgConnections.open(config.dsn())) {
      int serverVersion = Integer.parseInt(PgConnections.show(catalog, "server_version_num"));
      TypeRegistry types = new TypeRegistry(catalog, config.numericAsDecimal());
      CatalogReader reader = new CatalogReader(catalog, serverVersion);
      RelationCache relations =
          new RelationCache(
              types, reader, table -> true, config.topicNames(), config.toastPlaceholder());
      for (String table : tables) {
        TableShape shape = describe(reader, table);
        relations.update(shape.relationMessage(), shape, versions.apply(shape));
        described.add(SnapshotTable.of(shape, relations.get(shape.oid()), types));
      }
      database = PgConnections.currentDatabase(catalog);
    }
    snapshot =
        new InitialSnapshot(
            described,
            readers.connections(),
            stillValid(described),
            config.snapshotChunkRows(),
            lsn,
            config.maxQueueBytes(),
            queue,
            partition,
            config.flowName(),
            database,
            metrics);
    if (stopped) {
      return;
    }
    snapshot.run();
  }

  /** A captured table's shape now, with the columns in the order pgoutput sends them. */
  private static TableShape describe(CatalogReader reader, String table) {
    try {
      return reader
          .describe(TableId.parse(table))
          .orElseThrow(
              () ->
                  new ConnectException(
                      "captured table "
                          + table
                          + " no longer exists; remove it from the publication or"
                          + " table.include.list"));
    } catch (SQLException e) {
      throw new ConnectException(
          "cannot read the catalog entry of " + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * The stored progress that still means the same rows: block ranges only while the table was not
   * rewritten (VACUUM FULL, CLUSTER, TRUNCATE move rows between blocks), and only for the way the
   * table is read now.
   */
  private SnapshotProgress stillValid(List<SnapshotTable> described) {
    Map<String, SnapshotProgress.TableProgress> valid = new HashMap<>();
    for (SnapshotTable table : described) {
      SnapshotProgress.TableProgress done = resume.table(table.qualifiedName());
      if (done == null) {
        continue;
      }
      long expected = table.byCtid() ? table.filenode() : 0;
      if (done.filenode() == expected) {
        valid.put(table.qualifiedName(), done);
      } else {
        log.warn(
            "table {} was rewritten (or got or lost its key) since the interrupted snapshot read"
                + " part of it: it is read again from the start",
            table.qualifiedName());
      }
    }
    return new SnapshotProgress(valid);
  }

  private static long currentWal(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet row = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      row.next();
      return LogSequenceNumber.valueOf(row.getString(1)).asLong();
    }
  }
}
