package io.ductstream.controlplane.flow;

import io.ductstream.contract.pg.Lsn;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The LSN a flow resumes from, with the metadata its runner stored beside it. */
public record Checkpoint(
    String flowId, String lsn, Map<String, String> metadata, Instant updatedAt) {

  public Checkpoint {
    metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** True for an LSN as Postgres prints it: {@code 0/16B3748}. */
  public static boolean isLsn(String text) {
    return Lsn.isLsn(text);
  }
}
