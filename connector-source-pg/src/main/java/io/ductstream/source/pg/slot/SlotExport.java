package io.ductstream.source.pg.slot;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slot just created with an exported snapshot ({@link ReplicationSlot#createExporting}): the
 * database as of the slot's consistent point, so a snapshot read in it and the stream from that
 * point meet exactly. The snapshot can be imported only while the creating replication connection
 * stays open and does nothing else: close this once the readers have imported it.
 */
public final class SlotExport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlotExport.class);

  private final Connection replication;
  private final String snapshotName;
  private final long consistentLsn;

  SlotExport(Connection replication, String snapshotName, long consistentLsn) {
    this.replication = replication;
    this.snapshotName = snapshotName;
    this.consistentLsn = consistentLsn;
  }

  public String snapshotName() {
    return snapshotName;
  }

  public long consistentLsn() {
    return consistentLsn;
  }

  @Override
  public void close() {
    try {
      replication.close();
    } catch (SQLException e) {
      log.debug("closing the slot's replication connection failed: {}", e.getMessage());
    }
  }
}
