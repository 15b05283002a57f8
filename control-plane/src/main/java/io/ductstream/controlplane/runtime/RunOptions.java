package io.ductstream.controlplane.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one run of a flow is asked to do.
 *
 * @param maxEmptyReads once the flow is caught up, stop after this many empty reads in a row (0:
 *     run until stopped)
 * @param startLsn start streaming here instead of at the flow's checkpoint
 * @param snapshotWorkers parallel snapshot readers, instead of the source's option
 * @param backfill present for -mode backfill: the tables to copy again while streaming goes on
 *     (empty: every table the flow captures); the run ends once they are copied and it is caught up
 * @param commitInterval how often durable changes are checkpointed and acknowledged to Postgres
 * @param progressInterval how often a progress line is logged
 */
public record RunOptions(
    int maxEmptyReads,
    Optional<String> startLsn,
    OptionalInt snapshotWorkers,
    Optional<List<String>> backfill,
    Duration commitInterval,
    Duration progressInterval) {

  public RunOptions {
    if (maxEmptyReads < 0) {
      throw new IllegalArgumentException("max empty reads must be 0 or more");
    }
    backfill = backfill.map(List::copyOf);
    if (backfill.isPresent() && maxEmptyReads == 0) {
      throw new IllegalArgumentException(
          "a backfill run ends once caught up: max empty reads must be 1 or more");
    }
  }

  /** Runs until stopped, from the checkpoint. */
  public static RunOptions continuous() {
    return new RunOptions(
        0,
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }

  /** Runs until caught up, then stops after {@code maxEmptyReads} empty reads. */
  public static RunOptions untilCaughtUp(int maxEmptyReads) {
    return new RunOptions(
        Math.max(1, maxEmptyReads),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }
}
