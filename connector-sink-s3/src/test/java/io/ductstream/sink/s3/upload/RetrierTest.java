package io.ductstream.sink.s3.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class RetrierTest {
  private final List<Duration> waits = new ArrayList<>();
  private final Retrier retrier =
      new Retrier(4, Duration.ofMillis(100), Duration.ofMillis(300), waits::add);

  @Test
  void backoffDoublesUpToTheMaximum() {
    assertThat(
            List.of(retrier.backoff(1), retrier.backoff(2), retrier.backoff(3), retrier.backoff(4)))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(300),
            Duration.ofMillis(300));
  }

  @Test
  void connectionErrorsAreRetriedUntilTheCallSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        retrier.call(
            "PUT s3://b/k",
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw SdkClientException.create("Connection refused");
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(retrier.retried()).as("ductstream_s3_upload_retries_total").isEqualTo(2);
  }

  @Test
  void exhaustedRetriesFailNamingTheRequestAndTheSetting() {
    assertThatThrownBy(
            () ->
                retrier.run(
                    "PUT s3://b/k",
                    () -> {
                      throw S3Exception.builder().statusCode(503).message("Slow Down").build();
                    }))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("PUT s3://b/k failed 5 times")
        .hasMessageContaining("s3.retries=4");
    assertThat(waits).hasSize(4);
  }

  @Test
  void aRetryThatWouldEndPastTheCallsBudgetFailsRetriablyInstead() {
    AtomicLong nanos = new AtomicLong();
    RetryBudget budget = new RetryBudget(Duration.ofMillis(250), nanos::get);
    Retrier bounded =
        new Retrier(
            8,
            Duration.ofMillis(100),
            Duration.ofMillis(300),
            wait -> {
              waits.add(wait);
              nanos.addAndGet(wait.toNanos());
            },
            budget);
    budget.start();
    assertThatThrownBy(
            () ->
                bounded.run(
                    "PUT s3://b/k",
                    () -> {
                      throw S3Exception.builder().statusCode(503).message("Slow Down").build();
                    }))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("PUT s3://b/k failed 2 time(s)")
        .hasMessageContaining("s3.retry.max.total.ms=250");
    System.out.println("injected: 503 on every attempt; checked: gave up after waits " + waits);
    assertThat(waits).containsExactly(Duration.ofMillis(100)); // 100 + 200 would pass 250
    budget.stop();
    waits.clear();
    AtomicInteger calls = new AtomicInteger();
    bounded.run(
        "PUT s3://b/k",
        () -> {
          if (calls.incrementAndGet() < 4) {
            throw SdkClientException.create("Connection refused");
          }
        });
    assertThat(waits).as("outside a task call only s3.retries bounds the retries").hasSize(3);
  }

  @Test
  void refusalsFailAtOnceWithAHint() {
    assertThatThrownBy(
            () ->
                retrier.run(
                    "PUT s3://b/k",
                    () -> {
                      throw S3Exception.builder().statusCode(404).message("NoSuchBucket").build();
                    }))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("S3 refused PUT s3://b/k")
        .hasMessageContaining("check that s3.bucket exists");
    assertThat(waits).isEmpty();
    assertThat(retrier.retried()).isZero();
  }
}
