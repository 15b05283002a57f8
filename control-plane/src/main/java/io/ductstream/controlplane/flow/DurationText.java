package io.ductstream.controlplane.flow;

import java.time.Duration;

/**
 * Durations as flow files write them, Go style: {@code 500ms}, {@code 10s}, {@code 1m30s}, {@code
 * 2h}. A bare number is milliseconds.
 */
public final class DurationText {
  private DurationText() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException if it is not a duration
   */
  public static Duration parse(String text) {
    String value = text.trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (value.chars().allMatch(Character::isDigit)) {
      return Duration.ofMillis(Long.parseLong(value));
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < value.length()) {
      int start = i;
      while (i < value.length() && Character.isDigit(value.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw new IllegalArgumentException("expected a number at \"" + value.substring(i) + "\"");
      }
      long amount = Long.parseLong(value.substring(start, i));
      int unitStart = i;
      while (i < value.length() && Character.isLetter(value.charAt(i))) {
        i++;
      }
      total = total.plus(unit(value.substring(unitStart, i), amount));
    }
    return total;
  }

  /**
   * {@code duration} as flow files write it, in its largest whole unit: {@code 100ms}, {@code 1m}.
   */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis != 0 && millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  private static Duration unit(String unit, long amount) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default ->
          throw new IllegalArgumentException("unknown unit \"" + unit + "\"; use ms, s, m or h");
    };
  }
}
