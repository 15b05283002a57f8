package io.ductstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one machine-readable line a benchmark prints last: {@code RESULT name=... rows=...
 * seconds=... rows_per_s=...}, space-separated {@code key=value} pairs in the order they were
 * added.
 */
final class Result {
  private final List<String> pairs = new ArrayList<>();

  Result(String name) {
    add("name", name);
  }

  Result add(String key, String value) {
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "RESULT value for " + key + " must be one word: \"" + value + "\"");
    }
    pairs.add(key + "=" + value);
    return this;
  }

  Result add(String key, long value) {
    return add(key, Long.toString(value));
  }

  /** Adds a decimal with {@code decimals} places, e.g. {@code seconds=13.9}. */
  Result add(String key, double value, int decimals) {
    return add(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
  }

  /**
   * The RESULT of a rate measured next to a limit in the same runs: medians of the runs' seconds,
   * rows/s, limit rows/s and ratios, MB/s of {@code bytes} in the median time, and peak RSS.
   */
  static Result againstLimit(
      String name,
      long rows,
      double[] seconds,
      double[] rates,
      long bytes,
      double[] limitRates,
      double[] ratios) {
    double medianSeconds = Measurements.median(seconds);
    return new Result(name)
        .add("rows", rows)
        .add("seconds", medianSeconds, 1)
        .add("rows_per_s", Math.round(Measurements.median(rates)))
        .add("mb_per_s", bytes / (1024.0 * 1024.0) / medianSeconds, 1)
        .add("peak_rss_mb", Measurements.peakRssMb())
        .add("limit_rows_per_s", Math.round(Measurements.median(limitRates)))
        .add("ratio", Measurements.median(ratios), 2)
        .add("runs", seconds.length);
  }

  String line() {
    return "RESULT " + String.join(" ", pairs);
  }
}
