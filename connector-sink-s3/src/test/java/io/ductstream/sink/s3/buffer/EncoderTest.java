package io.ductstream.sink.s3.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.format.BatchWriterOptions;
import io.ductstream.format.WireFormat;
import io.ductstream.format.parquet.DictionaryHistory;
import io.ductstream.sink.s3.layout.RowShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects written through the encoder thread: in order, whole, and failing loudly. */
class EncoderTest {
  @TempDir Path dir;
  private final Encoder encoder = new Encoder();

  @AfterEach
  void stop() {
    encoder.close();
  }

  private OpenObject object(String key) throws IOException {
    return new OpenObject(
        key,
        0,
        WireFormat.JSON,
        null,
        null,
        BatchWriterOptions.defaults(),
        DictionaryHistory.none(),
        1 << 20,
        dir,
        encoder);
  }

  /** A record of a schemaless value, written as it is. */
  private static void append(OpenObject object, Object value, long offset) throws IOException {
    object.append(RowShape.AS_IS, record(value, offset));
  }

  /** A record whose row {@code row} makes when the encoder thread writes it. */
  private static void appendMade(OpenObject object, Function<SinkRecord, Object> row, long offset)
      throws IOException {
    RowShape shape =
        new RowShape() {
          @Override
          public Schema schema(SinkRecord record) {
            return null;
          }

          @Override
          public Object row(SinkRecord record) {
            return row.apply(record);
          }
        };
    object.append(shape, record(null, offset));
  }

  private static SinkRecord record(Object value, long offset) {
    return new SinkRecord("t", 0, null, null, null, value, offset);
  }

  private static List<String> lines(SpillingBuffer bytes) throws IOException {
    try (InputStream in = bytes.open()) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  @Test
  void objectsSharingTheThreadEachGetTheirRecordsInOrder() throws IOException {
    OpenObject a = object("a");
    OpenObject b = object("b");
    // more than a batch, interleaved, with hand-offs in between as put() does
    for (long i = 0; i < 1000; i++) {
      append(i % 3 == 0 ? b : a, Map.of("n", i), i);
      if (i % 97 == 0) {
        encoder.handOff();
      }
    }
    List<String> inA = lines(a.finish());
    List<String> inB = lines(b.finish());
    assertThat(a.rows()).isEqualTo(666);
    assertThat(b.rows()).isEqualTo(334);
    assertThat(inA).hasSize(666).startsWith("{\"n\":1}", "{\"n\":2}", "{\"n\":4}");
    assertThat(inB).hasSize(334).startsWith("{\"n\":0}", "{\"n\":3}").endsWith("{\"n\":999}");
  }

  @Test
  void rowsAreMadeOnTheEncoderThread() throws IOException {
    OpenObject a = object("a");
    Thread task = Thread.currentThread();
    Thread[] resolvedOn = new Thread[1];
    appendMade(
        a,
        record -> {
          resolvedOn[0] = Thread.currentThread();
          return Map.of("late", true);
        },
        0);
    assertThat(lines(a.finish())).containsExactly("{\"late\":true}");
    assertThat(resolvedOn[0]).isNotSameAs(task);
    assertThat(resolvedOn[0].getName()).startsWith("ductstream-s3-encoder-");
  }

  @Test
  void aRecordThatFailsIsReportedWithItsOffsetAndStopsItsObject() throws IOException {
    OpenObject a = object("a");
    append(a, Map.of("n", 1), 10);
    appendMade(
        a,
        record -> {
          throw new IllegalStateException("cannot lay out");
        },
        11);
    append(a, Map.of("n", 3), 12);
    assertThatThrownBy(a::finish)
        .isInstanceOf(OpenObject.WriteFailure.class)
        .hasMessage("cannot lay out")
        .satisfies(e -> assertThat(((OpenObject.WriteFailure) e).offset()).isEqualTo(11));
    assertThatThrownBy(() -> append(a, Map.of("n", 4), 13))
        .isInstanceOf(OpenObject.WriteFailure.class);
    a.discard();
  }

  @Test
  void anErrorOnTheEncoderThreadFailsEveryLaterFinish() throws IOException {
    OpenObject a = object("a");
    OpenObject b = object("b");
    append(b, Map.of("n", 0), 0);
    appendMade(
        a,
        record -> {
          throw new AssertionError("bug");
        },
        1);
    // records queued after the broken one in the same batch were never written: no object may
    // be finished as if they were
    append(b, Map.of("n", 2), 2);
    assertThatThrownBy(b::finish)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the encoder thread failed: java.lang.AssertionError: bug");
    assertThatThrownBy(a::finish).hasMessageContaining("the encoder thread failed");
    a.discard();
    b.discard();
  }

  @Test
  void aDiscardedObjectsQueuedRecordsAreSkipped() throws Exception {
    OpenObject a = object("a");
    CountDownLatch resolved = new CountDownLatch(1);
    appendMade(
        a,
        record -> {
          resolved.countDown();
          return Map.of("n", 0);
        },
        0);
    a.discard();
    assertThat(resolved.await(100, TimeUnit.MILLISECONDS)).as("skipped, never resolved").isFalse();
  }

  @Test
  void sizeIsKnownOnceTheEncoderCaughtUp() throws IOException {
    OpenObject a = object("a");
    append(a, Map.of("text", "x".repeat(100)), 0);
    // nothing encoded yet: the object waits for the encoder to decide on the real size
    assertThat(a.reachedBytes(50)).isTrue();
    assertThat(a.reachedBytes(10_000)).isFalse();
    for (long i = 1; i < 100; i++) {
      append(a, Map.of("text", "x".repeat(100)), i);
    }
    assertThat(a.reachedBytes(10_000)).isTrue();
    assertThat(lines(a.finish())).hasSize(100);
  }
}
