package io.ductstream.controlplane.runtime;

/**
 * Where a run of a flow is, as its runner last measured it (once a second).
 *
 * @param snapshot true while the initial snapshot is read
 * @param rows change records delivered by this run
 * @param rowsPerSecond over the last second
 * @param lagSeconds how old the oldest change not yet durable everywhere is (0: none pending)
 * @param snapshotRowsRead rows the snapshot has read so far
 * @param snapshotRowsEstimated rows of the snapshot's tables as pg_class.reltuples estimates them
 *     (0: unknown or no snapshot)
 */
public record RunProgress(
    boolean snapshot,
    long rows,
    double rowsPerSecond,
    long lagSeconds,
    long snapshotRowsRead,
    long snapshotRowsEstimated) {

  public static final RunProgress STARTING = new RunProgress(false, 0, 0, 0, 0, 0);

  /**
   * The snapshot's progress in percent, 0 to 100: 100 once streaming, at most 99 while it reads
   * (estimates are estimates), -1 when the snapshot's size is unknown.
   */
  public int snapshotPercent() {
    if (!snapshot) {
      return snapshotRowsEstimated > 0 || snapshotRowsRead > 0 ? 100 : -1;
    }
    if (snapshotRowsEstimated <= 0) {
      return -1;
    }
    return (int) Math.min(99, snapshotRowsRead * 100 / snapshotRowsEstimated);
  }
}
