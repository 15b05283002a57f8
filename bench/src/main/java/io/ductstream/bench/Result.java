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

  String line() {
    return "RESULT " + String.join(" ", pairs);
  }
}
