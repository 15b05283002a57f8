package io.ductstream.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.testkit.FaultReport;
import io.ductstream.testkit.S3Server;
import io.ductstream.testkit.TcpFaultProxy;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 unreachable in the middle of a put: the task gives up within {@code s3.retry.max.total.ms}
 * (not after {@code s3.retries}), well inside the consumer's poll interval, with a
 * RetriableException and a seek back to the start of the segment it dropped; Connect's redelivery
 * (the failed batch, then the records from the seek) writes every record exactly once.
 */
@Tag("fault")
class RetryBudgetIT {
  private static final String TOPIC = "shop.public.orders";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final long T0 = 1_764_000_000_000L;

  private static String bucket;
  private static S3Client s3;

  @BeforeAll
  static void bucket() {
    bucket = S3Server.shared().createBucket("retry-budget");
    s3 = S3Server.shared().client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void s3DownInAPutEndsTheCallWithinTheBudgetAndTheRedeliveryWritesEveryRecordOnce() {
    try (TcpFaultProxy proxy = TcpFaultProxy.start(S3Server.shared().endpoint())) {
      Map<String, String> props = TaskHarness.props(bucket, "budget");
      props.put("s3.endpoint", proxy.endpoint().toString());
      props.put("format", "json");
      props.put("flush.size", "4");
      props.put("s3.retries", "1000"); // the budget, not the retry count, ends the call
      props.put("s3.retry.max.total.ms", "1500");
      try (TaskHarness task = new TaskHarness(props, TP)) {
        task.put(records(0, 6)); // 0..3 uploaded, 4..5 open
        assertThat(task.preCommit()).containsEntry(TP, 4L);

        proxy.cutOff();
        long started = System.nanoTime();
        assertThatThrownBy(() -> task.put(records(6, 10))) // 4..7 fills and cannot be uploaded
            .isInstanceOf(RetriableException.class)
            .hasMessageContaining("s3.retry.max.total.ms=1500")
            .hasMessageContaining("read again from offset 4");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println(
            "injected: S3 unreachable ("
                + proxy.refusedConnections()
                + " connections refused); checked: put failed retriably after "
                + tookMs
                + " ms, seek to "
                + task.rewinds);
        assertThat(tookMs).isLessThan(1500 + 2000 + 1000);
        assertThat(task.rewinds).containsEntry(TP, 4L);
        assertThat(task.preCommit()).containsEntry(TP, 4L);

        proxy.restore();
        task.put(records(6, 10)); // Connect hands the failed batch again: past the seek, ignored
        task.put(records(4, 12)); // then the records from offset 4
        task.passScheduleInterval();
        assertThat(task.preCommit()).containsEntry(TP, 12L);
      }
      List<Object> values = BucketContents.values(s3, bucket, "budget/public/");
      List<Long> landed = BucketContents.ids(values);
      FaultReport.of(1, LongStream.range(0, 12).boxed().toList(), landed).print("RetryBudgetIT");
      assertThat(landed).containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
      System.out.println("checked: 12 records once each after the outage");
    }
  }

  private static List<SinkRecord> records(long from, long to) {
    return Envelopes.inserts(TOPIC, from, to, T0);
  }
}
