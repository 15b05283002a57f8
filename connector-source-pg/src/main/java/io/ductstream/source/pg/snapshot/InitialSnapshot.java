package io.ductstream.source.pg.snapshot;

import io.ductstream.contract.envelope.ChangeEnvelope;
import io.ductstream.source.pg.records.ChangeQueue;
import io.ductstream.source.pg.records.SourceBlock;
import io.ductstream.source.pg.records.TableMapper;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the snapshot: one thread per reader connection takes chunks from the {@link ChunkPlanner},
 * reads each with a {@link ChunkReader} and hands its rows, as {@code op=r} records, to the queue
 * through the {@link SnapshotHandOver}, which records completed chunks in the offsets.
 */
public final class InitialSnapshot {
  private static final Logger log = LoggerFactory.getLogger(InitialSnapshot.class);
  private static final int BATCH_RECORDS = 512;
  private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);

  private final List<SnapshotTable> tables;
  private final List<Connection> connections;
  private final ChunkPlanner planner;
  private final SnapshotHandOver handOver;
  private final SnapshotMetrics metrics;
  private final long lsn;
  private final long batchBytes;
  private final String flow;
  private final String database;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * @param tables the captured tables, described
   * @param resume what earlier runs completed, already cleared of progress that no longer holds
   * @param lsn the position the stream continues from, written to every record's source.lsn
   * @param maxQueueBytes the queue's limit; each reader's batch stays a fraction of it, so wide
   *     rows do not multiply memory by the batch size
   */
  public InitialSnapshot(
      List<SnapshotTable> tables,
      List<Connection> connections,
      SnapshotProgress resume,
      int chunkRows,
      long lsn,
      long maxQueueBytes,
      ChangeQueue queue,
      Map<String, ?> partition,
      String flow,
      String database,
      SnapshotMetrics metrics) {
    this.tables = List.copyOf(tables);
    this.connections = List.copyOf(connections);
    this.planner = new ChunkPlanner(tables, resume, chunkRows);
    ProgressLedger ledger = new ProgressLedger(resume);
    for (SnapshotTable table : tables) {
      if (table.byCtid()) {
        ledger.filenode(table.qualifiedName(), table.filenode());
      }
    }
    this.handOver = new SnapshotHandOver(queue, ledger, partition, lsn);
    this.metrics = metrics;
    this.lsn = lsn;
    this.batchBytes = Math.max(1, maxQueueBytes / (4L * Math.max(1, connections.size())));
    this.flow = flow == null || flow.isEmpty() ? null : flow;
    this.database = database;
  }

  /** Reads every chunk left; returns once all their records are queued. */
  public void run() throws InterruptedException {
    long start = System.nanoTime();
    for (SnapshotTable table : tables) {
      metrics.table(table.qualifiedName(), table.estimatedRows());
    }
    log.info(
        "snapshot of {} table(s) at {} on {} connection(s): {}",
        planner.tables().size(),
        LogSequenceNumber.valueOf(lsn),
        connections.size(),
        planner.tables().stream().map(SnapshotTable::qualifiedName).toList());
    for (int i = 0; i < connections.size(); i++) {
      Connection connection = connections.get(i);
      Thread thread = new Thread(() -> readChunks(connection), "ductstream-snapshot-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        thread.join(PROGRESS_LOG_INTERVAL.toMillis());
        if (thread.isAlive()) {
          metrics.logProgress("progress");
        }
      }
    }
    Throwable failed = failure.get();
    if (failed != null) {
      throw failed instanceof ConnectException c
          ? c
          : new ConnectException("snapshot failed: " + failed.getMessage(), failed);
    }
    metrics.logProgress("done");
    log.info(
        "snapshot read {} chunk(s) in {} s",
        metrics.chunksCompleted(),
        (System.nanoTime() - start) / 1_000_000_000.0);
  }

  /** Stops the readers; records already queued stay queued. */
  public void stop() {
    stopping = true;
    abort();
  }

  private void abort() {
    handOver.stop();
    threads.forEach(Thread::interrupt);
  }

  /** What has been handed over. */
  public SnapshotProgress progress() {
    return handOver.progress();
  }

  /** How many records have been queued. */
  public long recordsQueued() {
    return handOver.queued();
  }

  private void readChunks(Connection connection) {
    Map<String, ChunkReader> readers = new HashMap<>();
    Map<String, SnapshotTable> byName = new HashMap<>();
    tables.forEach(t -> byName.put(t.qualifiedName(), t));
    Batch batch = new Batch();
    try {
      Chunk chunk;
      while (failure.get() == null && (chunk = planner.next(connection)) != null) {
        SnapshotTable table = byName.get(chunk.table());
        ChunkReader reader = readers.computeIfAbsent(chunk.table(), t -> new ChunkReader(table));
        SnapshotMetrics.TableCounter counter =
            metrics.table(table.qualifiedName(), table.estimatedRows());
        batch.start(table.mapper(), source(table.mapper()), counter, chunk);
        reader.read(connection, chunk.range(), lsn, batch::add);
        batch.flush(chunk);
        metrics.chunkCompleted();
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(null, e);
    } catch (Exception | Error e) {
      // An Error too: a reader that dies unnoticed would leave its chunk unread while the snapshot
      // reports success.
      if (failure.compareAndSet(null, e) && !stopping) {
        log.error("snapshot reader failed: {}", e.toString());
        abort();
      }
    }
  }

  private Struct source(TableMapper mapper) {
    return SourceBlock.of(flow, database, mapper.relation(), lsn, null, null, true);
  }

  /** One thread's batch of rows of one chunk, reused from batch to batch. */
  private final class Batch {
    private final Struct[] keys = new Struct[BATCH_RECORDS];
    private final Struct[] values = new Struct[BATCH_RECORDS];
    private TableMapper mapper;
    private Struct source;
    private SnapshotMetrics.TableCounter counter;
    private Chunk chunk;
    private int count;
    private long bytes;

    void start(
        TableMapper mapper, Struct source, SnapshotMetrics.TableCounter counter, Chunk chunk) {
      this.chunk = chunk;
      this.mapper = mapper;
      this.source = source;
      this.counter = counter;
    }

    void add(Struct key, Struct after, long estimatedBytes) throws InterruptedException {
      // a full batch goes when the next row comes, not when it fills: the chunk's last rows are
      // then always handed over with the chunk complete, so its last record is one a restart can
      // resume after (else, when nothing follows, the snapshot would never be committed whole)
      if (count == BATCH_RECORDS || bytes >= batchBytes) {
        handOver(false);
      }
      keys[count] = key;
      values[count] =
          mapper.envelope(
              ChangeEnvelope.Op.READ.code(),
              null,
              after,
              source,
              System.currentTimeMillis() * 1000,
              null);
      count++;
      bytes += estimatedBytes;
    }

    void flush(Chunk completed) throws InterruptedException {
      handOver(true);
    }

    private void handOver(boolean complete) throws InterruptedException {
      handOver.handOver(mapper, keys, values, count, bytes, chunk, complete);
      counter.add(count);
      Arrays.fill(keys, 0, count, null);
      Arrays.fill(values, 0, count, null);
      count = 0;
      bytes = 0;
    }
  }
}
