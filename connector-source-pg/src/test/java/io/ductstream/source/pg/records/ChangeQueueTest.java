package io.ductstream.source.pg.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeQueueTest {
  private static List<SourceRecord> records(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> new SourceRecord(Map.of(), Map.of(), "t", null, i))
        .toList();
  }

  @Test
  void readerWaitsWhenTheByteLimitIsReached() throws Exception {
    ChangeQueue queue = new ChangeQueue(1000);
    assertThat(queue.offer(records(2), 800, Duration.ZERO)).isTrue();
    assertThat(queue.offer(records(2), 300, Duration.ofMillis(20)))
        .as("over the limit: no room")
        .isFalse();
    assertThat(queue.poll(10, Duration.ZERO)).hasSize(2);
    assertThat(queue.offer(records(2), 300, Duration.ZERO)).isTrue();
    assertThat(queue.bytes()).isEqualTo(300);
  }

  @Test
  void oversizedBatchIsAcceptedWhenEmptySoNothingDeadlocks() throws Exception {
    ChangeQueue queue = new ChangeQueue(100);
    assertThat(queue.offer(records(1), 5000, Duration.ZERO)).isTrue();
  }

  @Test
  void pollJoinsBatchesUpToTheMaximum() throws Exception {
    ChangeQueue queue = new ChangeQueue(1_000_000);
    queue.offer(records(3), 10, Duration.ZERO);
    queue.offer(records(3), 10, Duration.ZERO);
    queue.offer(records(3), 10, Duration.ZERO);
    assertThat(queue.poll(7, Duration.ZERO)).hasSize(6);
    assertThat(queue.poll(7, Duration.ZERO)).hasSize(3);
    assertThat(queue.poll(7, Duration.ofMillis(10))).isEmpty();
  }

  @Test
  void readerFailureReachesPollAfterTheRecordsBeforeIt() throws Exception {
    ChangeQueue queue = new ChangeQueue(1000);
    queue.offer(records(1), 10, Duration.ZERO);
    queue.fail(new ConnectException("boom"));
    assertThat(queue.poll(10, Duration.ZERO)).hasSize(1);
    assertThatThrownBy(() -> queue.poll(10, Duration.ZERO)).hasMessage("boom");
  }
}
