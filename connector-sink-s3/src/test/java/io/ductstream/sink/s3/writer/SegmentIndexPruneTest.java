package io.ductstream.sink.s3.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.sink.s3.index.SegmentIndex;
import io.ductstream.sink.s3.naming.ObjectNamer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentIndexPruneTest {
  private final MemoryObjectStore store = new MemoryObjectStore();
  private final ObjectNamer namer = new ObjectNamer("p");
  private final SegmentIndex index = new SegmentIndex(store, namer);

  private void segments(String topic, long... bounds) {
    for (int i = 0; i < bounds.length; i += 2) {
      index.markUploaded(topic, 0, bounds[i], bounds[i + 1], List.of("k"), null);
    }
  }

  private List<String> entries(String topic) {
    return store.list(namer.indexFolder(topic, 0)).stream()
        .filter(k -> ObjectNamer.parseIndexKey(k).isPresent())
        .toList();
  }

  @Test
  void aPartitionKeepsTheSegmentsFromItsCommittedOffsetOnAndTheLastBefore() {
    segments("a", 0, 9, 10, 19, 20, 29, 30, 39);
    store.put(namer.leaseKey("a", 0), "token".getBytes(), "text/plain");

    assertThat(index.prune("a", 0, 30)).isEqualTo(2);
    assertThat(entries("a"))
        .containsExactly(namer.indexKey("a", 0, 20, 29), namer.indexKey("a", 0, 30, 39));
    assertThat(store.exists(namer.leaseKey("a", 0))).isTrue();
    assertThat(index.prune("a", 0, 30)).isZero();
  }

  @Test
  void everyTopicIsPrunedByItsOwnCommittedOffset() {
    segments("a", 0, 9, 10, 19, 20, 29);
    segments("b", 0, 4, 5, 9, 10, 14);

    // a: its watermark 20; b: the checkpoint's position 100, past all of its segments
    assertThat(index.pruneCommitted(Map.of("a", 20L), 100)).isEqualTo(3);
    assertThat(entries("a"))
        .containsExactly(namer.indexKey("a", 0, 10, 19), namer.indexKey("a", 0, 20, 29));
    assertThat(entries("b")).containsExactly(namer.indexKey("b", 0, 10, 14));
  }
}
