package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.S3Server;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A task killed after uploading objects but before Connect committed their offsets: a new task
 * replays from the committed offset and the bucket ends up holding every record exactly once, under
 * the same object names, with deterministic (count) and non-deterministic (bytes, wall clock)
 * rotation alike.
 */
@Tag("fault")
class CrashRecoveryIT {
  private static final String TOPIC = "shop.public.orders";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final long T0 = 1_764_000_000_000L;

  private static String bucket;
  private static S3Client s3;

  @BeforeAll
  static void bucket() {
    bucket = S3Server.shared().createBucket("crash-recovery");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void replayAfterCrashWithCountRotationRewritesTheSameObjects() {
    Map<String, String> props = TaskHarness.props(bucket, "count");
    props.put("format", "parquet");
    props.put("flush.size", "4");

    long committed;
    try (TaskHarness first = new TaskHarness(props, TP)) {
      first.put(records(0, 6)); // objects 0..3 uploaded, 4..5 open
      committed = first.preCommit().get(TP);
      first.put(records(6, 14)); // objects 4..7 and 8..11 uploaded, 12..13 open
      first.crash(); // Connect never commits past `committed`
    }
    List<String> keysAfterCrash = BucketContents.keys(s3, bucket, "count/public/");
    System.out.println(
        "injected: crash after upload, committed offset "
            + committed
            + ", objects "
            + keysAfterCrash);
    assertThat(committed).isEqualTo(4);

    try (TaskHarness second = new TaskHarness(props, TP)) {
      second.put(records(committed, 16));
      assertThat(second.preCommit()).containsEntry(TP, 16L);
    }

    List<String> dataKeys = dataKeys("count/");
    assertThat(dataKeys).containsAll(dataKeys(keysAfterCrash)).hasSize(4);
    assertEveryRecordOnce("count/", 16, "CrashRecoveryIT");
    System.out.println("checked: 16 records once each in " + dataKeys);
  }

  @Test
  void replayAfterCrashWithByteRotationReusesTheUploadedBoundaries() {
    Map<String, String> props = TaskHarness.props(bucket, "bytes");
    props.put("format", "json");
    props.put("flush.size", "1000");
    props.put("rotate.bytes", "600"); // a few JSON lines per object

    long committed;
    List<String> firstKeys;
    try (TaskHarness first = new TaskHarness(props, TP)) {
      first.put(records(0, 5));
      committed = first.preCommit().get(TP);
      first.put(records(5, 30));
      first.crash();
    }
    firstKeys = dataKeys("bytes/");
    System.out.println(
        "injected: crash after upload, committed offset " + committed + ", objects " + firstKeys);
    assertThat(firstKeys).hasSizeGreaterThan(3);

    // The replay runs with other byte and wall-clock limits, as after a config change or on a
    // slower machine: left alone it would cut at other offsets and duplicate records.
    props.put("rotate.bytes", "100000");
    try (TaskHarness second = new TaskHarness(props, TP)) {
      second.put(records(committed, 40));
      second.passScheduleInterval();
      assertThat(second.preCommit()).containsEntry(TP, 40L);
    }

    List<String> secondKeys = dataKeys("bytes/");
    assertThat(secondKeys).containsAll(firstKeys);
    assertEveryRecordOnce("bytes/", 40, "CrashRecoveryIT");
    System.out.println("checked: 40 records once each in " + secondKeys.size() + " objects");
  }

  @Test
  void closingAPartitionOnRebalanceDropsOnlyUncommittedBuffersAndTheNextOwnerWritesThem() {
    Map<String, String> props = TaskHarness.props(bucket, "rebalance");
    props.put("format", "avro");
    props.put("flush.size", "5");
    long committed;
    try (TaskHarness first = new TaskHarness(props, TP)) {
      first.put(records(0, 8)); // 0..4 uploaded, 5..7 buffered
      committed = first.preCommit().get(TP);
      first.task.close(List.of(TP));
      assertThat(first.preCommit()).doesNotContainKey(TP);
    }
    assertThat(committed).isEqualTo(5);
    try (TaskHarness next = new TaskHarness(props, TP)) {
      next.put(records(committed, 10));
      assertThat(next.preCommit()).containsEntry(TP, 10L);
    }
    assertEveryRecordOnce("rebalance/", 10, "CrashRecoveryIT");
  }

  @Test
  void theIndexIsPrunedAsCommitsGoAndACrashAfterwardsStillReplaysExactly() {
    Map<String, String> props = TaskHarness.props(bucket, "prune");
    props.put("format", "json");
    props.put("flush.size", "2");
    props.put("index.prune.interval.ms", "1000");
    String index = "prune/_index/" + TOPIC + "+0/";
    long committed;
    try (TaskHarness first = new TaskHarness(props, TP)) {
      first.put(records(0, 10)); // five segments of two records
      assertThat(first.preCommit()).containsEntry(TP, 10L); // handed over: 10
      assertThat(indexEntries(index)).hasSize(5); // nothing known committed yet
      first.put(records(10, 20));
      first.clock.addAndGet(1_000);
      // The commit of 10 had its interval: the entries before it go but the last (8..9).
      committed = first.preCommit().get(TP);
      assertThat(committed).isEqualTo(20);
      assertThat(indexEntries(index))
          .containsExactly(
              index + "00000000000000000008-00000000000000000009",
              index + "00000000000000000010-00000000000000000011",
              index + "00000000000000000012-00000000000000000013",
              index + "00000000000000000014-00000000000000000015",
              index + "00000000000000000016-00000000000000000017",
              index + "00000000000000000018-00000000000000000019");
      first.put(records(20, 25)); // 20..23 uploaded, 24 open
      first.crash(); // the commit of 20 never happened: Connect resumes at 10
    }
    try (TaskHarness second = new TaskHarness(props, TP)) {
      second.put(records(10, 26));
      assertThat(second.preCommit()).containsEntry(TP, 26L);
    }
    assertEveryRecordOnce("prune/", 26, "CrashRecoveryIT");
  }

  @Test
  void aPreviousOwnerStillWritingAfterTheRecheckWindowIsFencedAndOverwritesNothing() {
    // The previous owner cuts every 2 records, the new one every 3 (as clocks and sizes differ):
    // the same object names would come up with other records.
    Map<String, String> zombieProps = TaskHarness.props(bucket, "zombie");
    zombieProps.put("format", "json");
    zombieProps.put("flush.size", "2");
    Map<String, String> ownerProps = new HashMap<>(zombieProps);
    ownerProps.put("flush.size", "3");
    try (TaskHarness zombie = new TaskHarness(zombieProps, TP)) {
      zombie.put(records(0, 5)); // 0..1 and 2..3 uploaded, 4 open
      long committed = zombie.preCommit().get(TP);
      assertThat(committed).isEqualTo(4);
      // The group gives the partition to another task while this one is paused (a long GC, a
      // network partition): it has not been told, and resumes long after the new owner started.
      try (TaskHarness owner = new TaskHarness(ownerProps, TP)) {
        owner.put(records(committed, 10)); // 4..6 and 7..9 uploaded
        assertThat(owner.preCommit()).containsEntry(TP, 10L);
        owner.clock.addAndGet(3_600_000); // far past the window in which it re-reads the index
        zombie.clock.addAndGet(3_600_000);
        List<String> before = dataKeys("zombie/");

        zombie.put(records(5, 8)); // would finish 4..5 under the name of the owner's 4..6
        assertThat(zombie.preCommit()).as("nothing of the lost partition is committed").isEmpty();
        zombie.put(records(8, 12));
        assertThat(zombie.preCommit()).isEmpty();
        assertThat(dataKeys("zombie/")).isEqualTo(before);
      }
    }
    assertEveryRecordOnce("zombie/", 10, "CrashRecoveryIT zombie writer");
  }

  /** Records 0..count-1 are in the objects under {@code prefix}, each once, in order. */
  private static void assertEveryRecordOnce(String prefix, int count, String label) {
    List<Long> landed = BucketContents.ids(BucketContents.values(s3, bucket, prefix));
    List<Long> sent = LongStream.range(0, count).boxed().toList();
    FaultReport.of(1, sent, landed).print(label);
    assertThat(landed).containsExactlyElementsOf(sent);
  }

  private static List<String> indexEntries(String folder) {
    return BucketContents.keys(s3, bucket, folder).stream()
        .filter(k -> !k.endsWith("/owner") && !k.endsWith("/lease"))
        .sorted()
        .toList();
  }

  private static List<SinkRecord> records(long from, long to) {
    return Envelopes.inserts(TOPIC, from, to, T0);
  }

  private static List<String> dataKeys(String prefix) {
    return dataKeys(BucketContents.keys(s3, bucket, prefix));
  }

  private static List<String> dataKeys(List<String> keys) {
    return keys.stream().filter(k -> !k.contains("/_schemas/") && !k.contains("/_index/")).toList();
  }
}
