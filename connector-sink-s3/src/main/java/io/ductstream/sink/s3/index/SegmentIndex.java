package io.ductstream.sink.s3.index;

import io.ductstream.sink.s3.naming.ObjectNamer;
import io.ductstream.sink.s3.naming.ObjectNamer.OffsetRange;
import io.ductstream.sink.s3.upload.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  public SegmentIndex(ObjectStore store, ObjectNamer namer) {
    this.store = store;
    this.namer = namer;
  }

  /**
   * Records the segment {@code first..last} and its objects, before they are uploaded: an entry
   * names objects that are uploaded, or were being uploaded when the task stopped.
   */
  public void markUploaded(
      String topic, int partition, long first, long last, List<String> objectKeys) {
    store.put(
        namer.indexKey(topic, partition, first, last),
        String.join("\n", objectKeys).getBytes(StandardCharsets.UTF_8),
        "text/plain");
  }

  /**
   * The last offsets of the segments uploaded at or after {@code resumeOffset}, ascending: where a
   * replay from {@code resumeOffset} must cut. Deletes the markers of segments before it.
   */
  public List<Long> replayCuts(String topic, int partition, long resumeOffset) {
    return replayCuts(topic, partition, resumeOffset, true);
  }

  /**
   * The same cuts for a writer that goes back to {@code resumeOffset} after a failed call: it does
   * not know that Connect committed everything before it, so no marker is deleted.
   */
  public List<Long> replayCutsKeepingMarkers(String topic, int partition, long resumeOffset) {
    return replayCuts(topic, partition, resumeOffset, false);
  }

  private List<Long> replayCuts(
      String topic, int partition, long resumeOffset, boolean deleteEarlier) {
    List<String> stale = new ArrayList<>();
    List<Long> cuts = new ArrayList<>();
    for (String key : store.list(namer.indexFolder(topic, partition))) {
      Optional<OffsetRange> range = ObjectNamer.parseIndexKey(key);
      if (range.isEmpty()) {
        continue;
      }
      OffsetRange r = range.get();
      if (r.last() < resumeOffset) {
        stale.add(key);
      } else {
        if (r.first() < resumeOffset) {
          log.warn(
              "{}-{} resumes at offset {} inside the uploaded segment {}..{} (offsets were reset?);"
                  + " offsets {}..{} may be written twice",
              topic,
              partition,
              resumeOffset,
              r.first(),
              r.last(),
              resumeOffset,
              r.last());
        }
        cuts.add(r.last());
      }
    }
    if (deleteEarlier && !stale.isEmpty()) {
      store.delete(stale);
    }
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
    return cuts.stream().sorted().toList();
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
  public int discardUncommitted(java.util.Map<String, Long> committed, long otherwise) {
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
                  if (!objectKey.isBlank()) {
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
