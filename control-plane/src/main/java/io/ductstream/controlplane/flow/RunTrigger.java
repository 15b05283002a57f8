package io.ductstream.controlplane.flow;

import java.util.Arrays;
import java.util.Locale;

/** What enqueued a flow run: a tick of DUCTSTREAM_DBOS_SCHEDULE or a RunFlowOnce call. */
public enum RunTrigger {
  SCHEDULE,
  RUN_ONCE;

  public String storeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunTrigger fromStoreName(String name) {
    return Arrays.stream(values())
        .filter(t -> t.storeName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown run trigger \"" + name + "\""));
  }
}
