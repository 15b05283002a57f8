package io.ductstream.source.pg.snapshot;

import io.ductstream.source.pg.records.ChangeQueue;
import io.ductstream.source.pg.records.ChangeRecord;
import io.ductstream.source.pg.records.SourceOffsets;
import io.ductstream.source.pg.records.TableMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Where parallel chunk readers hand their rows to the {@link ChangeQueue}, one batch at a time and
 * in one order. Connect commits a partition's offset only up to the first record not yet
 * acknowledged, in the order records were polled; so every record's offset names only chunks all of
 * whose records are queued before it: a chunk becomes complete in the offset of its own last record
 * (a chunk without rows, in that of the next record queued by anyone). Records carry the offset
 * current when they are queued, so the committed progress never goes backwards.
 */
final class SnapshotHandOver {
  private static final Duration OFFER_WAIT = Duration.ofMillis(200);

  private final ChangeQueue queue;
  private final ProgressLedger ledger;
  private final Map<String, ?> partition;
  private final long lsn;
  private Map<String, Object> offset;
  private final java.util.Set<Chunk> partlyHandedOver = new java.util.HashSet<>();
  private long queued;
  private volatile boolean stopped;

  SnapshotHandOver(ChangeQueue queue, ProgressLedger ledger, Map<String, ?> partition, long lsn) {
    this.queue = queue;
    this.ledger = ledger;
    this.partition = partition;
    this.lsn = lsn;
    this.offset = SourceOffsets.snapshotOffset(lsn, ledger.progress().encode());
  }

  /**
   * Queues {@code count} rows of one chunk, waiting while the queue is full.
   *
   * @param chunk the chunk the rows are of
   * @param complete whether these are its last rows
   * @throws InterruptedException when interrupted or stopped while waiting for room
   */
  synchronized void handOver(
      TableMapper mapper,
      Struct[] keys,
      Struct[] values,
      int count,
      long bytes,
      Chunk chunk,
      boolean complete)
      throws InterruptedException {
    Map<String, Object> before = offset;
    if (complete) {
      ledger.complete(chunk);
      partlyHandedOver.remove(chunk);
      offset = SourceOffsets.snapshotOffset(lsn, ledger.progress().encode());
    } else if (count > 0) {
      partlyHandedOver.add(chunk);
    }
    if (count == 0) {
      return;
    }
    boolean resumable = partlyHandedOver.isEmpty();
    List<SourceRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(
          new ChangeRecord(
              null,
              partition,
              i == count - 1 ? offset : before,
              mapper.topic(),
              keys[i] == null ? mapper.keySchema() : keys[i].schema(),
              keys[i],
              mapper.envelopeSchema(),
              values[i],
              null,
              i == count - 1 && resumable));
    }
    while (!queue.offer(records, bytes, OFFER_WAIT)) {
      if (stopped) {
        throw new InterruptedException("snapshot stopped");
      }
    }
    queued += count;
  }

  /** How many records have been queued. */
  synchronized long queued() {
    return queued;
  }

  /** The progress handed over so far. */
  synchronized SnapshotProgress progress() {
    return ledger.progress();
  }

  void stop() {
    stopped = true;
  }
}
