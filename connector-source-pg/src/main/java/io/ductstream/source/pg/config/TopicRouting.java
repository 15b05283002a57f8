package io.ductstream.source.pg.config;

import java.util.Locale;

/** Which topics the changes go to ({@code topic.routing}). */
public enum TopicRouting {
  /** One topic per table: {@code <topic.prefix>.<schema>.<table>}. */
  TABLE,
  /** Every change to the one topic {@code topic.prefix}, keyed by the table and its primary key. */
  SINGLE;

  /** The routing for a validated {@code topic.routing} value. */
  public static TopicRouting of(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** The config value naming this routing. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
