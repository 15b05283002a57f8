package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ductstream.testkit.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An object larger than s3.part.size: its bytes spill from memory to a temporary file in
 * buffer.dir, go up as a multipart upload, and the temporary file is gone afterwards.
 */
class LargeObjectIT {
  private static final TopicPartition TP = new TopicPartition("big", 0);

  @TempDir Path bufferDir;

  @Test
  void objectAbovePartSizeSpillsToDiskAndUploadsInParts() throws IOException {
    String bucket = S3Server.shared().createBucket("large-object");
    Map<String, String> props = TaskHarness.props(bucket, "");
    props.put("format", "avro");
    props.put("parquet.codec", "none");
    props.put("s3.part.size", Long.toString(5L * 1024 * 1024));
    props.put("buffer.memory.bytes", Long.toString(256 * 1024));
    props.put("buffer.dir", bufferDir.toString());
    props.put("flush.size", "130");
    String note = "x".repeat(64 * 1024);
    List<SinkRecord> records = new ArrayList<>();
    for (long offset = 0; offset < 130; offset++) {
      records.add(
          Envelopes.record("big", 0, offset, Envelopes.insert(offset, "eu", note + offset, 0)));
    }

    try (TaskHarness task = new TaskHarness(props, TP)) {
      task.put(records.subList(0, 129));
      // the encoder thread writes the records in the background: the spill shows up soon after
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(files()).as("the open object spilled to buffer.dir").isEqualTo(1));
      task.put(records.subList(129, 130));
      assertThat(task.preCommit()).containsEntry(TP, 130L);
    }
    assertThat(files()).as("temporary files after the upload").isZero();

    try (S3Client s3 = S3Server.shared().client()) {
      String key = "public/orders/big+0+00000000000000000000.avro";
      var head = s3.headObject(b -> b.bucket(bucket).key(key));
      System.out.println(
          "checked: " + key + " is " + head.contentLength() + " bytes, ETag " + head.eTag());
      assertThat(head.contentLength()).isGreaterThan(8L * 1024 * 1024);
      assertThat(head.eTag()).as("a multipart ETag ends with -<parts>").endsWith("-2\"");
      assertThat(BucketContents.ids(BucketContents.values(s3, bucket, "public/")))
          .containsExactlyElementsOf(LongStream.range(0, 130).boxed().toList());
    }
  }

  /** Spill files under buffer.dir (each task spills in its own directory there). */
  private long files() throws IOException {
    try (Stream<Path> files = Files.walk(bufferDir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".part")).count();
    }
  }
}
