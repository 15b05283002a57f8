package io.ductstream.sink.s3.upload;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Runs an S3 request, retrying failures that may pass (connection errors, timeouts, 5xx,
 * throttling) with exponential backoff; a refusal (4xx) or exhausted retries fail with a message
 * naming the request and what to check.
 */
public final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);

  /** Waits between attempts; tests may pass one that does not sleep. */
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final int retries;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Pause pause;
  private final RetryBudget budget;
  private final LongAdder retried = new LongAdder();

  public Retrier(int retries, Duration backoff, Duration maxBackoff, Pause pause) {
    this(retries, backoff, maxBackoff, pause, RetryBudget.unbounded());
  }

  /**
   * @param budget how long the task's running call may go on retrying; past it a failure that may
   *     pass ends the call with a {@link RetriableException}
   */
  public Retrier(
      int retries, Duration backoff, Duration maxBackoff, Pause pause, RetryBudget budget) {
    this.retries = retries;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.pause = pause;
    this.budget = budget;
  }

  public static Retrier sleeping(
      int retries, Duration backoff, Duration maxBackoff, RetryBudget budget) {
    return new Retrier(retries, backoff, maxBackoff, d -> Thread.sleep(d.toMillis()), budget);
  }

  /** The wait before retry number {@code retry} (1-based). */
  public Duration backoff(int retry) {
    long millis = backoff.toMillis();
    for (int i = 1; i < retry && millis < maxBackoff.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  /** Requests retried so far (each retry of a request counts). */
  public long retried() {
    return retried.sum();
  }

  public <T> T call(String request, Supplier<T> call) {
    long started = System.nanoTime();
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (SdkException e) {
        if (!retryable(e)) {
          throw new ConnectException(
              "S3 refused " + request + ": " + e.getMessage() + "; " + hint(e), e);
        }
        if (attempt >= retries) {
          throw new ConnectException(
              "S3 request "
                  + request
                  + " failed "
                  + (attempt + 1)
                  + " times over "
                  + Duration.ofNanos(System.nanoTime() - started).toSeconds()
                  + " s (s3.retries="
                  + retries
                  + "): "
                  + e.getMessage()
                  + "; check that s3.endpoint is reachable and the S3 service is up",
              e);
        }
        Duration wait = backoff(attempt + 1);
        if (!budget.allows(wait)) {
          throw new RetriableException(
              "S3 request "
                  + request
                  + " failed "
                  + (attempt + 1)
                  + " time(s) and this call of the task has spent "
                  + budget.spent().toMillis()
                  + " ms; another retry would take it past s3.retry.max.total.ms="
                  + budget.total().toMillis()
                  + " (kept below the consumer's max.poll.interval.ms so the task keeps its"
                  + " partitions): "
                  + e.getMessage(),
              e);
        }
        retried.increment();
        log.warn(
            "S3 request {} failed ({}); retry {} of {} in {} ms",
            request,
            e.getMessage(),
            attempt + 1,
            retries,
            wait.toMillis());
        try {
          pause.pause(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ConnectException("interrupted while retrying S3 request " + request, e);
        }
      }
    }
  }

  public void run(String request, Runnable call) {
    call(
        request,
        () -> {
          call.run();
          return null;
        });
  }

  static boolean retryable(SdkException e) {
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      return status >= 500 || status == 429 || status == 408 || s3.isThrottlingException();
    }
    return e instanceof SdkClientException || e.retryable();
  }

  private static String hint(SdkException e) {
    if (e instanceof S3Exception s3) {
      return switch (s3.statusCode()) {
        case 403 ->
            "check s3.access.key.id / s3.secret.access.key (or the default credentials) and"
                + " the bucket policy";
        case 404 -> "check that s3.bucket exists in s3.region (the connector does not create it)";
        case 301, 400 -> "check s3.region, s3.endpoint and s3.path.style";
        default -> "check the bucket, credentials and endpoint settings";
      };
    }
    return "check the bucket, credentials and endpoint settings";
  }
}
