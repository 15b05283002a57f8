package io.ductstream.controlplane.flow;

import java.util.Arrays;
import java.util.Locale;

/** How a flow run through DBOS stands or ended; the store and the API use the lower-case name. */
public enum RunStatus {
  RUNNING,
  /** Caught up: every change up to the start of its last check is durable and checkpointed. */
  SUCCEEDED,
  /** Ended before it caught up (the flow was paused or deleted, or the server shut down). */
  STOPPED,
  FAILED,
  /** Another process (a ductstream-worker) holds the flow's lease: nothing to do, not a failure. */
  SKIPPED,
  /**
   * Held by the DDL gate: the flow's source waits at a schema change for its approval and apply,
   * not a failure; everything before the change is checkpointed.
   */
  DDL_GATED;

  public String storeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromStoreName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.storeName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown run status \"" + name + "\""));
  }
}
