package io.ductstream.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Payloads the converters of this class loader found not in their wire format, per format: the
 * count behind {@link MeterNames#CONVERTER_MISMATCHES}. One count per process (or plugin class
 * loader), not per converter: a converter cannot be handed plugin metrics without failing to load
 * on Kafka Connect 3.x (KIP-877's {@code Monitorable}), so the process that runs the converters
 * publishes the count once.
 */
public final class ConverterMismatches {
  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

  private ConverterMismatches() {}

  /** One more payload that is not {@code format}. */
  public static void add(String format) {
    COUNTS.computeIfAbsent(format, f -> new LongAdder()).increment();
  }

  /** Mismatches of {@code format} so far. */
  public static long count(String format) {
    LongAdder count = COUNTS.get(format);
    return count == null ? 0 : count.sum();
  }
}
