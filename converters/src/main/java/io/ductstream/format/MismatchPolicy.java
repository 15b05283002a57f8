package io.ductstream.format;

import io.ductstream.metrics.ConverterMismatches;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a converter does with a payload that is not in its format: with enforcement, a {@link
 * WireFormatMismatchException} that stops the task; without, a counted {@link DataException} that
 * Connect's error handling (errors.tolerance, dead letter queue) takes.
 */
public final class MismatchPolicy {
  private static final Logger log = LoggerFactory.getLogger(MismatchPolicy.class);

  private final WireFormat format;
  private final boolean enforce;
  private final AtomicLong mismatches = new AtomicLong();

  public MismatchPolicy(WireFormat format, boolean enforce) {
    this.format = format;
    this.enforce = enforce;
  }

  public boolean enforce() {
    return enforce;
  }

  /** Payloads that did not match the format since the converter was configured. */
  public long mismatches() {
    return mismatches.get();
  }

  /** The exception to throw for a payload at {@code where} that is not in the format. */
  public RuntimeException mismatch(RecordLocation where, String problem, Throwable cause) {
    long count = mismatches.incrementAndGet();
    ConverterMismatches.add(format.configName());
    String message =
        "payload on "
            + where
            + " is not valid "
            + format.configName()
            + ": "
            + problem
            + "; check that the producer of this topic writes format="
            + format.configName()
            + (enforce
                ? " (enforce=true stops here; set enforce=false with errors.tolerance=all and a"
                    + " dead letter queue to divert such records)"
                : "");
    if (enforce) {
      return new WireFormatMismatchException(
          message, where.topic(), where.partition(), where.offset(), cause);
    }
    // The first mismatch and every 1000th at WARN, so a topic full of foreign records cannot flood
    // the log; each one at DEBUG, and Connect's error reporter has them all.
    if (count == 1 || count % 1000 == 0) {
      log.warn("{} payload mismatch #{} on {}: {}", format.configName(), count, where, problem);
    } else {
      log.debug("{} payload mismatch #{} on {}: {}", format.configName(), count, where, problem);
    }
    return new DataException(message, cause);
  }
}
