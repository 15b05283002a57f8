package io.ductstream.controlplane.status;

/**
 * A flow's replication slot as its source database reports it. When the database cannot be queried,
 * {@code reachable} is false and {@code error} says why; the other fields are then empty.
 */
public record SlotState(
    String slotName,
    boolean reachable,
    String error,
    boolean exists,
    boolean active,
    String restartLsn,
    String confirmedFlushLsn,
    long retainedWalBytes,
    long lagBytes) {

  public static SlotState unreachable(String slotName, String error) {
    return new SlotState(slotName, false, error, false, false, "", "", 0, 0);
  }

  public static SlotState missing(String slotName) {
    return new SlotState(slotName, true, "", false, false, "", "", 0, 0);
  }
}
