package io.ductstream.sink.s3.index;

import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.naming.ObjectNamer.OffsetRange;
import io.ductstream.sink.s3.upload.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per topic partition record of uploaded segments that makes replays converge to one copy of
 * each record. After all objects of a segment (offsets {@code first..last}) are uploaded, a small
 * marker object {@code _index/<topic>+<partition>/<first>-<last>} whose body lists their keys is
 * written. When a task resumes a partition at offset R (the committed offset), the markers at or
 * after R are the segments a previous attempt uploaded but did not commit: the replay cuts its
 * segments at exactly their ends, so every object is rewritten under the same key with the same
 * records, whatever rotation (bytes, wall clock) cut them the first time. Markers that end before R
 * are deleted.
 */
public final class SegmentIndex {
  private static final Logger log = LoggerFactory.getLogger(SegmentIndex.class);

  private final ObjectStore store;
  private final ObjectNamer namer;
  private final String connector;

  /** An index that records and checks no owner (for runtimes that own their prefix). */
  public SegmentIndex(ObjectStore store, ObjectNamer namer) {
    this(store, namer, null);
  }

  /**
   * @param connector the connector writing: the first to write a topic partition under the prefix
   *     owns it, another one is refused (see {@link PartitionOwner}); null checks nothing
   */
  public SegmentIndex(ObjectStore store, ObjectNamer namer, String connector) {
    this.store = store;
    this.namer = namer;
    this.connector = connector;
  }

  /** The first line of an entry that records its first record's Kafka timestamp. */
  static final String FIRST_RECORD_TIME = "#first-record-time=";

  /**
   * Where a partition resumes against its index. {@code cuts}: the last offsets of the segments
   * uploaded at or after the resume offset, ascending. {@code firstPending}: the first offset of
   * the earliest of them, or of the partition's last committed segment when none is pending (its
   * entry is kept as the high-water mark), -1 when the index holds nothing; the next record with a
   * value must not come before it, since the segments a previous attempt uploaded start at the
   * first record with a value. {@code firstPendingTime}: the Kafka timestamp of the record at
   * {@code firstPending}, null when unknown. {@code straddled}: a segment the resume offset falls
   * inside, which no commit of this sink can leave (commits are segment boundaries).
   */
  public record Resume(
      List<Long> cuts,
      long firstPending,
      boolean pending,
      Long firstPendingTime,
      Optional<OffsetRange> straddled) {}

  /**
   * Records the segment {@code first..last} and its objects, before they are uploaded: an entry
   * names objects that are uploaded, or were being uploaded when the task stopped.
   *
   * @param firstRecordTime the Kafka timestamp of the record at {@code first}, null when it has
   *     none: a replay compares it to tell the same records from a re-created topic's
   */
  public void markUploaded(
      String topic,
      int partition,
      long first,
      long last,
      List<String> objectKeys,
      Long firstRecordTime) {
    StringBuilder body = new StringBuilder();
    if (firstRecordTime != null) {
      body.append(FIRST_RECORD_TIME).append(firstRecordTime).append('\n');
    }
    body.append(String.join("\n", objectKeys));
    store.put(
        namer.indexKey(topic, partition, first, last),
        body.toString().getBytes(StandardCharsets.UTF_8),
        "text/plain");
  }

  /**
   * Where a replay from {@code resumeOffset} must cut and what it must find first. Deletes the
   * entries of segments before it, except the last one: it stays as the mark of how far the
   * partition was written, so that offsets that start again below it (a re-created topic, reset
   * consumer offsets) are noticed.
   */
  public Resume resume(String topic, int partition, long resumeOffset) {
    return resume(topic, partition, resumeOffset, true);
  }

  /**
   * The same for a writer that goes back to {@code resumeOffset} after a failed call: it does not
   * know that Connect committed everything before it, so no entry is deleted.
   */
  public Resume resumeKeepingMarkers(String topic, int partition, long resumeOffset) {
    return resume(topic, partition, resumeOffset, false);
  }

  private Resume resume(String topic, int partition, long resumeOffset, boolean deleteEarlier) {
    List<String> stale = new ArrayList<>();
    List<OffsetRange> pending = new ArrayList<>();
    OffsetRange straddled = null;
    String lastStaleKey = null;
    OffsetRange lastStale = null;
    String folder = namer.indexFolder(topic, partition);
    List<String> keys = store.list(folder);
    if (connector != null) {
      String owner = namer.ownerKey(topic, partition);
      PartitionOwner.claim(store, owner, keys.contains(owner), connector, topic, partition, folder);
    }
    for (String key : keys) {
      Optional<OffsetRange> range = ObjectNamer.parseIndexKey(key);
      if (range.isEmpty()) {
        continue;
      }
      OffsetRange r = range.get();
      if (r.last() < resumeOffset) {
        stale.add(key);
        if (lastStale == null || r.last() > lastStale.last()) {
          lastStale = r;
          lastStaleKey = key;
        }
      } else {
        if (r.first() < resumeOffset && straddled == null) {
          straddled = r;
        }
        pending.add(r);
      }
    }
    pending.sort(java.util.Comparator.comparingLong(OffsetRange::first));
    if (pending.isEmpty() && lastStaleKey != null) {
      stale.remove(lastStaleKey); // the high-water mark
    }
    if (deleteEarlier && !stale.isEmpty()) {
      store.delete(stale);
    }
    List<Long> cuts = pending.stream().map(OffsetRange::last).sorted().toList();
    if (!cuts.isEmpty()) {
      log.info(
          "{}-{} resumes at offset {} with {} segment(s) uploaded but not committed; the replay"
              + " rewrites them with the same boundaries, ending at {}",
          topic,
          partition,
          resumeOffset,
          cuts.size(),
          cuts);
    }
    OffsetRange first = pending.isEmpty() ? lastStale : pending.get(0);
    Long firstTime =
        first == null || !pending.isEmpty() && straddled != null
            ? null
            : firstRecordTime(namer.indexKey(topic, partition, first.first(), first.last()));
    return new Resume(
        cuts,
        first == null ? -1 : first.first(),
        !pending.isEmpty(),
        firstTime,
        Optional.ofNullable(straddled));
  }

  /** The first record's timestamp an entry records, null when it records none. */
  private Long firstRecordTime(String indexKey) {
    Optional<byte[]> body = store.get(indexKey);
    if (body.isEmpty()) {
      return null;
    }
    String text = new String(body.get(), StandardCharsets.UTF_8);
    if (!text.startsWith(FIRST_RECORD_TIME)) {
      return null; // written by a release that did not record it
    }
    int end = text.indexOf('\n');
    try {
      return Long.parseLong(
          text.substring(FIRST_RECORD_TIME.length(), end < 0 ? text.length() : end).strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Claims a topic partition for the writer just assigned it: a random token written to the
   * partition's lease object, which every later segment of this writer checks (see {@link
   * #holdsLease}). A previous owner that goes on writing after it lost the partition (a task the
   * consumer group evicted while it was paused or cut off) finds another token and stops instead of
   * overwriting this writer's objects.
   */
  public String takeLease(String topic, int partition) {
    String token = UUID.randomUUID().toString();
    store.put(
        namer.leaseKey(topic, partition), token.getBytes(StandardCharsets.UTF_8), "text/plain");
    return token;
  }

  /**
   * Whether the writer that took {@code token} still holds the partition: the lease object holds
   * its token, or there is none (deleted by hand, or written by a release without leases).
   */
  public boolean holdsLease(String topic, int partition, String token) {
    Optional<byte[]> lease = store.get(namer.leaseKey(topic, partition));
    return lease.isEmpty() || new String(lease.get(), StandardCharsets.UTF_8).equals(token);
  }

  /**
   * Deletes the entries of segments that end before {@code committed}, an offset that is durably
   * committed (no replay can start below it), except the last of them: it stays as the mark of how
   * far the partition was written, as at {@link #resume}. Keeps the index from growing while a
   * partition stays assigned.
   *
   * @return the number of entries deleted
   */
  public int prune(String topic, int partition, long committed) {
    return pruneUnder(namer.indexFolder(topic, partition), key -> committed);
  }

  /**
   * {@link #prune} for every topic partition under the prefix at once, for a runtime that stores
   * its own committed position (the flow runner's checkpoint): entries of segments that end before
   * their topic's committed offset are deleted, the last of each partition kept.
   *
   * @param committed the committed offset of each topic (partition 0)
   * @param otherwise the committed offset of topics not in {@code committed}
   * @return the number of entries deleted
   */
  public int pruneCommitted(Map<String, Long> committed, long otherwise) {
    return pruneUnder(
        namer.indexRoot(),
        key ->
            ObjectNamer.indexTopic(key)
                .map(topic -> committed.getOrDefault(topic, otherwise))
                .orElse(Long.MIN_VALUE));
  }

  /**
   * Deletes the entries under {@code folder} whose segments end before the committed offset of
   * their key, keeping the last such entry of each partition.
   */
  private int pruneUnder(String folder, ToLongFunction<String> committedOf) {
    Map<String, String> newestByPartition = new HashMap<>();
    Map<String, Long> newestLast = new HashMap<>();
    List<String> stale = new ArrayList<>();
    for (String key : store.list(folder)) {
      Optional<OffsetRange> range = ObjectNamer.parseIndexKey(key);
      if (range.isEmpty() || range.get().last() >= committedOf.applyAsLong(key)) {
        continue;
      }
      stale.add(key);
      String partition = key.substring(0, key.lastIndexOf('/') + 1);
      if (range.get().last() > newestLast.getOrDefault(partition, Long.MIN_VALUE)) {
        newestLast.put(partition, range.get().last());
        newestByPartition.put(partition, key);
      }
    }
    stale.removeAll(newestByPartition.values());
    if (!stale.isEmpty()) {
      store.delete(stale);
      log.debug("deleted {} index entries of committed segments under {}", stale.size(), folder);
    }
    return stale.size();
  }

  /**
   * A segment of the index that overlaps {@code first..last} without being exactly it: another
   * writer of the partition (a previous owner still finishing its call) cut there, so objects cut
   * at {@code last} would carry the same names and other records.
   */
  public Optional<OffsetRange> overlapping(String topic, int partition, long first, long last) {
    for (String key : store.list(namer.indexFolder(topic, partition))) {
      Optional<OffsetRange> range = ObjectNamer.parseIndexKey(key);
      if (range.isEmpty()) {
        continue;
      }
      OffsetRange r = range.get();
      boolean same = r.first() == first && r.last() == last;
      if (!same && r.first() <= last && r.last() >= first) {
        return range;
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes every segment (its objects, then its entry) that starts at or after its topic's
   * committed offset: what a runtime that replays from the committed offsets, in an order that may
   * differ from the first attempt's, must not find beside what it writes again.
   *
   * @param committed the committed offset of each topic (partition 0)
   * @param otherwise the committed offset of topics not in {@code committed}
   * @return the number of segments deleted
   */
  public int discardUncommitted(Map<String, Long> committed, long otherwise) {
    int discarded = 0;
    for (String key : store.list(namer.indexRoot())) {
      Optional<OffsetRange> range = ObjectNamer.parseIndexKey(key);
      Optional<String> topic = ObjectNamer.indexTopic(key);
      if (range.isEmpty() || topic.isEmpty()) {
        continue;
      }
      long from = committed.getOrDefault(topic.get(), otherwise);
      if (range.get().first() < from) {
        continue;
      }
      List<String> objects = new ArrayList<>();
      store
          .get(key)
          .ifPresent(
              body -> {
                for (String objectKey : new String(body, StandardCharsets.UTF_8).split("\n")) {
                  if (!objectKey.isBlank() && !objectKey.startsWith("#")) {
                    objects.add(objectKey.strip());
                  }
                }
              });
      if (!objects.isEmpty()) {
        store.delete(objects);
      }
      store.delete(List.of(key));
      log.info(
          "deleted the uncommitted segment {}..{} of {} ({} object(s)); it is written again",
          range.get().first(),
          range.get().last(),
          topic.get(),
          objects.size());
      discarded++;
    }
    return discarded;
  }
}
