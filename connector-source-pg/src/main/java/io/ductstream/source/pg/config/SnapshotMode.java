package io.ductstream.source.pg.config;

import java.util.Locale;

/** When the task reads the rows the captured tables already hold ({@code snapshot.mode}). */
public enum SnapshotMode {
  /** Snapshot on the first start (no offset), then stream. */
  INITIAL,
  /** Stream changes only. */
  NEVER,
  /** Snapshot, then read nothing more; no slot is used. */
  INITIAL_ONLY,
  /** Snapshot when there is no offset or the offset's slot is gone, else stream. */
  WHEN_NEEDED;

  /** The mode for a validated {@code snapshot.mode} value. */
  public static SnapshotMode of(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** True when the task streams the slot (after any snapshot). */
  public boolean streams() {
    return this != INITIAL_ONLY;
  }
}
