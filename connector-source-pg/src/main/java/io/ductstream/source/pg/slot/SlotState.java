package io.ductstream.source.pg.slot;

/**
 * The slot as the server has it when the task starts ({@link ReplicationSlot#state}).
 *
 * @param exists whether it exists
 * @param confirmedLsn its confirmed_flush_lsn (0 when unknown)
 * @param lost whether its WAL was removed (wal_status 'lost', PG 13+): it can no longer stream
 */
public record SlotState(boolean exists, long confirmedLsn, boolean lost) {
  public static final SlotState MISSING = new SlotState(false, 0, false);
}
