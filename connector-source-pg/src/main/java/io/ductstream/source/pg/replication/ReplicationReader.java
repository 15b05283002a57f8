package io.ductstream.source.pg.replication;

import io.ductstream.contract.pg.Lsn;
import io.ductstream.source.pg.backfill.BackfillProgress;
import io.ductstream.source.pg.backfill.Backfills;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.ddl.SchemaGovernor;
import io.ductstream.source.pg.decoding.PgOutputDecoder;
import io.ductstream.source.pg.decoding.StreamedTransactions;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.jdbc.RetryPolicy;
import io.ductstream.source.pg.records.ChangeEmitter;
import io.ductstream.source.pg.records.ChangeQueue;
import io.ductstream.source.pg.records.ChangeRecord;
import io.ductstream.source.pg.records.RelationCache;
import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.records.TransactionAcks;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication loop, on its own thread: reads pgoutput messages, turns them into records, hands
 * them to the {@link ChangeQueue} in batches, and tells the server how far the runtime has made
 * changes durable. A lost connection is reopened with backoff, resuming after the last record
 * handed over, so nothing is emitted twice.
 */
public final class ReplicationReader implements ChangeEmitter.Output {
  private static final Logger log = LoggerFactory.getLogger(ReplicationReader.class);
  private static final int BATCH_RECORDS = 512;
  private static final Duration OFFER_WAIT = Duration.ofMillis(200);
  private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Idle waits grow from 20 µs to 2 ms: quick to pick up a busy stream, cheap when it is quiet. */
  private static final long IDLE_PARK_MIN_NANOS = 20_000L;

  private static final long IDLE_PARK_MAX_NANOS = 2_000_000L;

  private final PostgresSourceConfig config;
  private final List<String> tables;
  private final ChangeQueue queue;
  private final TransactionAcks acks;
  private final Path spoolDirectory;
  private final Duration slotWait;
  private final Predicate<TableId> captured;
  private final RetryPolicy reconnects;
  private SchemaGovernor governor;

  private volatile boolean running = true;
  private Thread thread;
  private ReplicationSession session;
  private ChangeEmitter emitter;
  private StreamedTransactions streamed;
  private PgOutputDecoder decoder;
  private volatile Backfills backfills;
  private List<SourceRecord> pending = new ArrayList<>(BATCH_RECORDS);
  private long pendingBytes;
  private long sentConfirmed;
  private long lastHeartbeatNanos = System.nanoTime();
  private long idleParkNanos = IDLE_PARK_MIN_NANOS;

  public ReplicationReader(
      PostgresSourceConfig config,
      List<String> tables,
      Predicate<TableId> captured,
      ChangeQueue queue,
      TransactionAcks acks,
      Path spoolDirectory,
      Duration slotWait) {
    this.config = config;
    this.tables = tables;
    this.captured = captured;
    this.queue = queue;
    this.acks = acks;
    this.spoolDirectory = spoolDirectory;
    this.slotWait = slotWait;
    this.reconnects =
        new RetryPolicy(
            INITIAL_BACKOFF,
            MAX_BACKOFF,
            config.connectionRetryTimeout(),
            System::nanoTime,
            this::pauseUnlessStopped);
  }

  /** Versions the captured tables' shapes and holds at schema changes (set before start). */
  public void governSchemas(SchemaGovernor governor) {
    this.governor = governor;
  }

  /** The DDL event the stream is held at by the gate, if any. */
  public java.util.OptionalLong heldByDdlEvent() {
    return governor == null ? java.util.OptionalLong.empty() : governor.heldAt();
  }

  /** The task's backfills, or null when it has no signal table or has not opened the stream. */
  public Backfills backfills() {
    return backfills;
  }

  /**
   * Opens the stream (so setup errors surface to the caller) and starts the reader thread.
   *
   * @param backfill the progress of a backfill the last stored offset was in, or null
   */
  public void start(String name, SourceOffsets.Position resume, BackfillProgress backfill)
      throws SQLException, InterruptedException {
    long startLsn = resume.commitLsn() != 0 ? resume.commitLsn() : configuredStart();
    session = openFirstSession(startLsn);
    streamed = new StreamedTransactions(spoolDirectory, config.spoolMaxBytes());
    emitter =
        new ChangeEmitter(
            relations(),
            acks,
            streamed,
            this,
            SourceOffsets.partition(config.dsn().database(), config.slotName()),
            session.database(),
            config.flowName(),
            resume);
    decoder = new PgOutputDecoder(emitter);
    emitter.attach(decoder);
    if (governor != null) {
      emitter.attachGovernor(governor, this::holdForDdl);
    }
    if (!config.signalTable().isEmpty()) {
      backfills =
          new Backfills(
              config.signalTable(),
              config.slotName()
                  + "-"
                  + Long.toHexString(new java.security.SecureRandom().nextLong()),
              session.protocol().messages(),
              backfill);
      emitter.attachTap(backfills);
      backfills.startReading(
          config.dsn(),
          config.backfillChunkRows(),
          "ductstream-backfill-" + config.slotName(),
          queue::fail);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the thread and closes the connections; records already queued stay queued. */
  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Opens the first session. While the database cannot be reached (a restart, an outage that began
   * just before the task started streaming), it keeps trying, with the backoff and within the
   * {@code connection.retry.timeout.ms} that also hold for a lost connection; other errors (a
   * missing slot, a refused setup) fail at once.
   */
  private ReplicationSession openFirstSession(long startLsn)
      throws SQLException, InterruptedException {
    while (true) {
      try {
        ReplicationSession opened = ReplicationSession.open(config, tables, startLsn, slotWait);
        reconnects.succeeded();
        return opened;
      } catch (PgConnections.Unavailable e) {
        retryOrGiveUp(e, "cannot connect to {} ({}); retrying in {} s");
      }
    }
  }

  /**
   * After a transient failure: waits the policy's backoff (logged with {@code message}: the masked
   * DSN, the cause and the wait), or gives up with the reason once the failures in a row outlast
   * connection.retry.timeout.ms.
   */
  private void retryOrGiveUp(SQLException e, String message) throws InterruptedException {
    Duration wait = reconnects.failed();
    if (wait == null) {
      throw notRecovered(e);
    }
    log.warn(message, config.dsn().masked(), e.getMessage(), wait.toSeconds());
    reconnects.pause(wait);
  }

  /** Waits in slices, so that stop() ends the wait whichever thread is waiting. */
  private void pauseUnlessStopped(Duration wait) throws InterruptedException {
    long until = System.nanoTime() + wait.toNanos();
    while (running && System.nanoTime() < until) {
      Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
    if (!running) {
      throw new InterruptedException("stopped while waiting for " + config.dsn().masked());
    }
  }

  private ConnectException notRecovered(SQLException e) {
    return new ConnectException(
        "replication from "
            + config.dsn().masked()
            + " failed and did not recover within "
            + config.connectionRetryTimeout().toSeconds()
            + " s (connection.retry.timeout.ms): "
            + e.getMessage(),
        e);
  }

  private RelationCache relations() {
    String signalTable = config.signalTable();
    return new RelationCache(
        session.types(),
        session.tables(),
        signalTable.isEmpty() ? captured : captured.or(TableId.parse(signalTable)::equals),
        config.topicNames(),
        config.toastPlaceholder());
  }

  private long configuredStart() {
    String start = config.startLsn();
    return start.isBlank() ? 0 : Lsn.parse(start.trim()).value();
  }

  private void run() {
    try {
      while (running) {
        try {
          if (session == null) {
            reopen();
            reconnects.succeeded();
          }
          stream();
        } catch (SQLException | ConnectionLost lost) {
          // ConnectionLost: noticed while handing over under back-pressure (the records not yet
          // handed over stay pending, so the same reconnect applies).
          SQLException e = lost instanceof ConnectionLost l ? l.getCause() : (SQLException) lost;
          if (!running) {
            break;
          }
          if (session != null) {
            session.close();
            session = null;
          }
          retryOrGiveUp(e, "replication connection to {} failed ({}); reconnecting in {} s");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (running) {
        log.error("replication reader stopped: {}", e.getMessage());
        queue.fail(e);
      }
    } catch (Error e) {
      // An OutOfMemoryError, a class-path conflict: fail the task rather than leave it RUNNING with
      // nothing reading the slot (which would pin WAL on the server).
      log.error("replication reader stopped by {}", e.toString(), e);
      queue.fail(new ConnectException("replication reader stopped by " + e, e));
    } finally {
      if (backfills != null) {
        backfills.close();
      }
      if (session != null) {
        session.close();
      }
      if (streamed != null) {
        streamed.close();
      }
      try {
        java.nio.file.Files.deleteIfExists(spoolDirectory);
      } catch (java.io.IOException e) {
        log.debug("cannot remove spool directory {}: {}", spoolDirectory, e.getMessage());
      }
    }
  }

  private void stream() throws SQLException, InterruptedException {
    while (running) {
      ByteBuffer message = session.readPending();
      if (message == null) {
        idle();
        continue;
      }
      decoder.decode(message);
      idleParkNanos = IDLE_PARK_MIN_NANOS;
      confirmDurable();
    }
  }

  /** Nothing to read: hand over what is batched, let an idle slot advance, beat the heart. */
  private void idle() throws SQLException, InterruptedException {
    handOver();
    if (!emitter.inTransaction()) {
      acks.idleAt(session.lastReceivedLsn());
    }
    confirmDurable();
    if (config.heartbeatEmitMessage()
        && System.nanoTime() - lastHeartbeatNanos > config.heartbeatInterval().toNanos()) {
      session.emitHeartbeat();
      lastHeartbeatNanos = System.nanoTime();
    }
    LockSupport.parkNanos(idleParkNanos);
    idleParkNanos = Math.min(IDLE_PARK_MAX_NANOS, idleParkNanos * 2);
  }

  private void confirmDurable() throws SQLException {
    long confirmed = acks.confirmedLsn();
    if (Long.compareUnsigned(confirmed, sentConfirmed) > 0) {
      session.confirm(confirmed);
      sentConfirmed = confirmed;
    }
  }

  private void reopen() throws SQLException, InterruptedException {
    SourceOffsets.Position resume = emitter.lastEmitted();
    session =
        ReplicationSession.open(
            config,
            tables,
            resume.commitLsn() != 0 ? resume.commitLsn() : configuredStart(),
            slotWait);
    streamed.close();
    emitter.reconnected(relations(), resume);
    decoder = new PgOutputDecoder(emitter);
    emitter.attach(decoder);
    sentConfirmed = 0;
    log.info("replication resumed after {}", resume);
  }

  @Override
  public void accept(ChangeRecord record, long estimatedBytes) {
    pending.add(record);
    pendingBytes += estimatedBytes;
    if (pending.size() >= BATCH_RECORDS) {
      try {
        handOver();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("interrupted while handing over records", e);
      } catch (SQLException e) {
        throw new ConnectionLost(e);
      }
    }
  }

  /** The connection failed where only unchecked exceptions pass; {@link #run} reconnects. */
  private static final class ConnectionLost extends RuntimeException {
    ConnectionLost(SQLException cause) {
      super("replication connection failed: " + cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  /**
   * One wait of a stream held by the DDL gate: what came before the held change is handed over and
   * confirmed as it becomes durable, and the server is answered, so the connection stays open.
   */
  private void holdForDdl(Duration wait) throws InterruptedException {
    try {
      handOver();
      confirmDurable();
      session.keepAlive();
    } catch (SQLException e) {
      throw new ConnectionLost(e);
    }
    pauseUnlessStopped(wait);
  }

  private void handOver() throws InterruptedException, SQLException {
    if (pending.isEmpty()) {
      return;
    }
    while (!queue.offer(pending, pendingBytes, OFFER_WAIT)) {
      if (!running) {
        return;
      }
      session.keepAlive(); // the runtime is slow to take records: still answer the server
    }
    pending = new ArrayList<>(BATCH_RECORDS);
    pendingBytes = 0;
  }
}
