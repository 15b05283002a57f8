package io.ductstream.controlplane.worker;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a worker run does: stream changes from the slot ({@code cdc}) or copy the tables ({@code
 * backfill}).
 */
public enum WorkerMode {
  CDC,
  BACKFILL;

  /** The name on the command line: {@code cdc} or {@code backfill}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<WorkerMode> fromId(String id) {
    return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(id.trim())).findFirst();
  }

  @Override
  public String toString() {
    return id();
  }
}
