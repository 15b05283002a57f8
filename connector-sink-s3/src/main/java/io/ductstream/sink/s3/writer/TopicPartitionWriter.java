package io.ductstream.sink.s3.writer;

import io.ductstream.sink.s3.buffer.OpenObject;
import io.ductstream.sink.s3.buffer.SpillingBuffer;
import io.ductstream.sink.s3.index.SegmentIndex;
import io.ductstream.sink.s3.layout.RowLayout;
import io.ductstream.sink.s3.layout.RowShape;
import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.partition.Partitioner;
import io.ductstream.sink.s3.record.RecordView;
import io.ductstream.sink.s3.record.TablePaths;
import io.ductstream.sink.s3.rotation.RotationPolicy;
import io.ductstream.sink.s3.schema.SchemaVersions;
import io.ductstream.sink.s3.upload.ObjectStore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of one topic partition. Its open objects form a <em>segment</em>: a run of
 * consecutive offsets, one object per (table path, partition path, schema version). When any
 * rotation rule fires, the whole segment is finished, uploaded, and recorded in the {@link
 * SegmentIndex}; so the offset to commit is always a segment boundary (the first offset of the open
 * segment, or the next offset when none is open), and a replay from it starts from the same empty
 * state as the first attempt.
 */
public final class TopicPartitionWriter {
  private static final Logger log = LoggerFactory.getLogger(TopicPartitionWriter.class);

  /**
   * What a writer needs from its task: shared, stateless or task-wide pieces. {@code
   * indexRecheckMs}: for how long after the writer starts (its partition was assigned) it reads the
   * segment index again before each cut of its own, in case the partition's previous owner is still
   * finishing a call and recording segments.
   */
  public record Context(
      ObjectStore store,
      ObjectNamer namer,
      ObjectFactory objects,
      SchemaVersions schemas,
      SegmentIndex index,
      Partitioner partitioner,
      RotationPolicy rotation,
      RowLayout layout,
      int maxOpenObjects,
      LongSupplier wallClockMs,
      long indexRecheckMs) {}

  private final TopicPartition tp;
  private final Context ctx;
  private final Map<String, OpenObject> open = new LinkedHashMap<>();
  private final TablePaths tablePaths = new TablePaths();
  private String lastTablePath;
  private String lastPartitionPath;
  private String lastGroup;
  private Deque<Long> replayCuts;

  /** Until the first record with a value after a (re)start: what the index expects it to be. */
  private SegmentIndex.Resume resumeCheck;

  private Long segmentFirstRecordTime;
  private long segmentFirstOffset = -1;
  private long segmentLastOffset = -1;
  private long segmentFirstTimeMs;
  private long segmentOpenedAtMs;
  private long nextOffset = -1;
  private long awaitingRewindTo = -1;

  /** The token of the partition's lease this writer took, null when it took none. */
  private String lease;

  private boolean leaseWanted;

  /** Set by {@link #rewind}: the offset it goes back to need not have been committed. */
  private boolean rewound;

  private final long startedAtMs;

  /** True when rotation or the partitioner needs each record's time. */
  private final boolean readsRecordTime;

  public TopicPartitionWriter(TopicPartition tp, Context ctx) {
    this.tp = tp;
    this.ctx = ctx;
    this.startedAtMs = ctx.wallClockMs().getAsLong();
    this.readsRecordTime = ctx.rotation().usesRecordTime() || ctx.partitioner().usesRecordTime();
  }

  /**
   * A writer that lost its partition: another writer took the partition's lease since this one took
   * it. Nothing of the segment it was finishing was written.
   */
  public static final class Fenced extends ConnectException {
    private static final long serialVersionUID = 1L;

    Fenced(String message) {
      super(message);
    }
  }

  /**
   * Takes the partition's lease for this writer (at its assignment): from now on a previous owner
   * still writing it stops at its next segment, and this writer checks the lease before each of its
   * own.
   */
  public void takeLease() {
    leaseWanted = true;
  }

  /** Adds one record; may finish and upload the segment. */
  public void write(SinkRecord record) {
    long offset = record.kafkaOffset();
    if (awaitingRewindTo >= 0) {
      if (offset > awaitingRewindTo) {
        return; // delivered again once the consumer is back at awaitingRewindTo (see rewind)
      }
      awaitingRewindTo = -1;
    }
    if (replayCuts == null) {
      SegmentIndex.Resume resume =
          rewound
              ? ctx.index().resumeKeepingMarkers(tp.topic(), tp.partition(), offset)
              : ctx.index().resume(tp.topic(), tp.partition(), offset);
      if (resume.straddled().isPresent()) {
        throw earlierIncarnation(
            offset,
            "falls inside the segment "
                + resume.straddled().get().first()
                + ".."
                + resume.straddled().get().last()
                + " the index records (a commit of this sink is always a segment boundary)");
      }
      replayCuts = new ArrayDeque<>(resume.cuts());
      resumeCheck = resume.firstPending() >= 0 ? resume : null;
    }
    if (leaseWanted) {
      // after the resume, which refuses a connector that does not own the partition under this
      // prefix: such a connector must not take the owner's lease from it
      lease = ctx.index().takeLease(tp.topic(), tp.partition());
      leaseWanted = false;
    }
    if (nextOffset >= 0 && offset < nextOffset) {
      // delivered again (the consumer was rewound): already in the open or an uploaded segment
      return;
    }
    while (!replayCuts.isEmpty() && offset > replayCuts.peekFirst()) {
      replayCuts.pollFirst();
      finishSegment();
    }
    if (record.value() == null) {
      nextOffset = offset + 1;
      return; // tombstones carry no row
    }
    if (resumeCheck != null) {
      checkSameIncarnation(offset, record.timestamp());
    }
    RecordView view = new RecordView(record);
    long timeMs = readsRecordTime ? view.timeMillis() : 0L;
    if (segmentFirstOffset >= 0
        && replayCuts.isEmpty()
        && ctx.rotation().cutBefore(segmentFirstTimeMs, timeMs)) {
      finishOwnSegment();
    }
    // the row's schema picks its object now; the encoder thread makes the row when it writes it
    RowShape shape = ctx.layout().shape(view);
    OpenObject object = objectFor(view, shape.schema(record), offset);
    boolean full;
    try {
      object.append(shape, record);
      full = replayCuts.isEmpty() && ctx.rotation().cutAfter(object.rows(), object::reachedBytes);
    } catch (IOException | RuntimeException e) {
      // A half-written record would corrupt the file: drop the segment, it is replayed on restart
      String key = object.key();
      discardFailedSegment(offset);
      throw writeFailed(e, offset, key);
    }
    if (segmentFirstOffset < 0) {
      segmentFirstOffset = offset;
      segmentFirstRecordTime = record.timestamp();
      segmentFirstTimeMs = timeMs;
      segmentOpenedAtMs = ctx.wallClockMs().getAsLong();
    }
    segmentLastOffset = offset;
    nextOffset = offset + 1;
    if (!replayCuts.isEmpty()) {
      if (offset >= replayCuts.peekFirst()) {
        replayCuts.pollFirst();
        finishSegment();
      }
    } else if (full) {
      finishOwnSegment();
    }
  }

  /**
   * The first record with a value after a (re)start must be the first record of the earliest
   * segment the index holds from the resume offset on, or come after the partition's last recorded
   * segment. A record before it, or one at its offset with another timestamp, belongs to a new
   * incarnation of the topic (deleted and re-created: offsets start again at 0) or comes after a
   * reset of the consumer offsets: writing it would overwrite objects of other records.
   */
  private void checkSameIncarnation(long offset, Long timestamp) {
    SegmentIndex.Resume expected = resumeCheck;
    resumeCheck = null;
    if (offset < expected.firstPending()) {
      throw earlierIncarnation(
          offset,
          "comes before offset "
              + expected.firstPending()
              + (expected.pending()
                  ? ", where the segments uploaded but not committed start"
                  : ", the first of the last segment it records as committed"));
    }
    if (offset == expected.firstPending()
        && expected.firstPendingTime() != null
        && !expected.firstPendingTime().equals(timestamp)) {
      throw earlierIncarnation(
          offset,
          "has the timestamp "
              + timestamp
              + " where the index records the record of timestamp "
              + expected.firstPendingTime()
              + " at that offset");
    }
  }

  /**
   * The error that stops the task before a record of another incarnation of the topic overwrites an
   * object of this one. Nothing of the partition was written since the (re)start.
   */
  private ConnectException earlierIncarnation(long offset, String why) {
    return new ConnectException(
        "topic "
            + tp.topic()
            + " partition "
            + tp.partition()
            + ": the record at offset "
            + offset
            + " "
            + why
            + " in the segment index "
            + ctx.namer().indexFolder(tp.topic(), tp.partition())
            + ". The topic was deleted and re-created, or the connector's consumer offsets were"
            + " reset, and its objects would overwrite objects of other records; nothing was"
            + " written. To keep the objects already there, set "
            + "s3.prefix to a new prefix, or raise s3.generation to write under a new"
            + " 'generation=<n>' folder of the prefix beside them. To write these offsets again"
            + " over the existing objects on purpose, delete that index folder first.");
  }

  /**
   * The error for a record that could not be written: records are encoded on the encoder thread, so
   * the failing one may be an earlier record than the one being added.
   */
  private DataException writeFailed(Exception e, long offset, String key) {
    long failedOffset = e instanceof OpenObject.WriteFailure failure ? failure.offset() : offset;
    return new DataException(
        "could not write the record at "
            + tp.topic()
            + "/"
            + tp.partition()
            + "/"
            + failedOffset
            + " into "
            + key
            + ": "
            + e.getMessage(),
        e);
  }

  /**
   * Finishes the segment when it is older (wall clock) than {@code rotate.schedule.interval.ms}.
   */
  public void rotateIfDue() {
    if (segmentFirstOffset >= 0
        && (replayCuts == null || replayCuts.isEmpty())
        && ctx.rotation().cutOnSchedule(segmentOpenedAtMs, ctx.wallClockMs().getAsLong())) {
      finishOwnSegment();
    }
  }

  /**
   * Finishes and uploads the open segment now, unless a replay has still to reach the end of a
   * segment an earlier attempt uploaded (cutting before it would name objects differently).
   */
  public void finishOpenSegment() {
    if (replayCuts == null || replayCuts.isEmpty()) {
      finishOwnSegment();
    }
  }

  /**
   * The offset Connect may commit: every record before it is in an uploaded object. -1 while no
   * record was seen.
   */
  public long committableOffset() {
    return segmentFirstOffset >= 0 ? segmentFirstOffset : nextOffset;
  }

  /**
   * After a call failed with a {@link RetriableException}: drops the open segment and reads the
   * index again at the replay. Records past the returned offset are ignored until the consumer is
   * back there (the task asks Connect to seek to it), so every record comes in order again.
   *
   * @param failedOffset the offset of the record being written, or -1 outside {@link #write}
   * @return the offset to read again from; -1 when this writer took no record yet
   */
  public long rewind(long failedOffset) {
    long from =
        segmentFirstOffset >= 0 ? segmentFirstOffset : nextOffset >= 0 ? nextOffset : failedOffset;
    discard();
    replayCuts = null;
    rewound = true;
    if (from < 0) {
      return -1;
    }
    nextOffset = from;
    awaitingRewindTo = from;
    return from;
  }

  /** Drops the open segment without uploading it; its records will be delivered again. */
  public void discard() {
    open.values().forEach(OpenObject::discard);
    open.clear();
    segmentFirstOffset = -1;
  }

  /**
   * After a failed upload or write: nothing of the open segment may be committed, so step back to
   * its start (or to {@code failedOffset} when none was open).
   */
  private void discardFailedSegment(long failedOffset) {
    nextOffset = segmentFirstOffset >= 0 ? segmentFirstOffset : failedOffset;
    discard();
  }

  /** The open object of the record's group, for rows of {@code schema} (as written). */
  private OpenObject objectFor(RecordView view, Schema schema, long offset) {
    SchemaVersions.Version version = schema == null ? null : ctx.schemas().of(schema);
    Long fingerprint = version == null ? null : version.fingerprint();
    String tablePath = tablePaths.of(view);
    String partitionPath = ctx.partitioner().path(view);
    String group = group(tablePath, partitionPath);
    OpenObject object = open.get(group);
    if (object != null && !Objects.equals(object.schemaFingerprint(), fingerprint)) {
      log.info(
          "{} changes schema version at offset {} for {}: finishing the open objects",
          tp,
          offset,
          tablePath);
      finishOwnSegment();
      object = null;
    }
    if (object == null && open.size() >= ctx.maxOpenObjects()) {
      finishOwnSegment(); // bounded memory: at most buffer.max.open.objects per topic partition
    }
    if (object == null) {
      if (version != null) {
        ctx.schemas().ensureWritten(ctx.store(), ctx.namer(), tablePath, version);
      }
      try {
        object =
            ctx.objects()
                .open(
                    tablePath,
                    partitionPath,
                    tp.topic(),
                    tp.partition(),
                    offset,
                    schema,
                    fingerprint);
      } catch (IOException | RuntimeException e) {
        throw new DataException(
            "could not start an object for the record at "
                + view.location()
                + ": "
                + e.getMessage(),
            e);
      }
      open.put(group, object);
    }
    return object;
  }

  /** The key of an object's group; the same String while records stay in one group. */
  private String group(String tablePath, String partitionPath) {
    if (tablePath != lastTablePath || partitionPath != lastPartitionPath) {
      lastTablePath = tablePath;
      lastPartitionPath = partitionPath;
      lastGroup = partitionPath.isEmpty() ? tablePath : tablePath + "/" + partitionPath;
    }
    return lastGroup;
  }

  /**
   * Finishes the segment at a cut of this writer's own rules. Shortly after the partition was
   * assigned, its previous owner may still be in a call, recording segments cut by its own clock
   * and sizes under the same object names: when the index shows one overlapping this segment, the
   * segment is replayed with that owner's cuts instead of overwriting its objects with others.
   */
  private void finishOwnSegment() {
    if (segmentFirstOffset < 0
        || ctx.indexRecheckMs() <= 0
        || ctx.wallClockMs().getAsLong() - startedAtMs >= ctx.indexRecheckMs()) {
      finishSegment();
      return;
    }
    Optional<ObjectNamer.OffsetRange> other =
        ctx.index().overlapping(tp.topic(), tp.partition(), segmentFirstOffset, segmentLastOffset);
    if (other.isPresent()) {
      throw new RetriableException(
          tp
              + ": the segment index holds "
              + other.get().first()
              + ".."
              + other.get().last()
              + ", recorded by another writer of this partition (its previous owner, still"
              + " finishing a call) since this one started; replaying from "
              + segmentFirstOffset
              + " with its cuts instead of finishing "
              + segmentFirstOffset
              + ".."
              + segmentLastOffset);
    }
    finishSegment();
  }

  /**
   * Records the segment in the index, then uploads every open object. The entry comes first so that
   * a runtime that discards what was not committed (the flow runner) also finds the objects of a
   * segment whose upload was cut short.
   */
  private void finishSegment() {
    if (segmentFirstOffset < 0) {
      return;
    }
    if (lease != null && !ctx.index().holdsLease(tp.topic(), tp.partition(), lease)) {
      long first = segmentFirstOffset;
      long last = segmentLastOffset;
      discard();
      throw new Fenced(
          tp
              + " was assigned to another task since this one took it (its lease object "
              + ctx.namer().leaseKey(tp.topic(), tp.partition())
              + " names another writer): this task stops writing it and drops its segment "
              + first
              + ".."
              + last
              + " instead of overwriting that task's objects; nothing of it is committed here");
    }
    List<String> keys = new ArrayList<>(open.size());
    for (OpenObject object : open.values()) {
      keys.add(object.key());
    }
    String finishing = null;
    try {
      ctx.index()
          .markUploaded(
              tp.topic(),
              tp.partition(),
              segmentFirstOffset,
              segmentLastOffset,
              keys,
              segmentFirstRecordTime);
      for (OpenObject object : open.values()) {
        finishing = object.key();
        SpillingBuffer bytes = object.finish();
        try {
          ctx.store().put(object.key(), bytes, metadata(object));
        } finally {
          bytes.delete();
        }
      }
      log.debug(
          "{} uploaded {} object(s) for offsets {}..{}",
          tp,
          keys.size(),
          segmentFirstOffset,
          segmentLastOffset);
    } catch (OpenObject.WriteFailure e) {
      discardFailedSegment(segmentFirstOffset);
      throw writeFailed(e, e.offset(), finishing);
    } catch (IOException e) {
      discardFailedSegment(segmentFirstOffset);
      throw new ConnectException(
          "could not finish the objects of " + tp + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      discardFailedSegment(segmentFirstOffset);
      throw e;
    }
    open.clear();
    segmentFirstOffset = -1;
  }

  private static Map<String, String> metadata(OpenObject object) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("first-offset", Long.toString(object.firstOffset()));
    metadata.put("last-offset", Long.toString(object.lastOffset()));
    metadata.put("records", Long.toString(object.rows()));
    if (object.schemaFingerprint() != null) {
      metadata.put("schema-fingerprint", ObjectNamer.fingerprintText(object.schemaFingerprint()));
    }
    if (object.schemaVersion() != null) {
      metadata.put("schema-version", object.schemaVersion().toString());
    }
    return metadata;
  }
}
