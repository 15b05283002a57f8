package io.ductstream.source.pg.replication;

import io.ductstream.source.pg.catalog.CatalogReader;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.jdbc.PgConnections;
import io.ductstream.source.pg.slot.ReplicationSlot;
import io.ductstream.source.pg.slot.SlotGap;
import io.ductstream.source.pg.slot.SlotState;
import io.ductstream.source.pg.types.TypeRegistry;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.fluent.logical.ChainedLogicalStreamBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open replication stream on the slot, with the protocol options negotiated for the server, and
 * the catalog connection beside it. Not thread-safe: the reader thread owns it.
 */
public final class ReplicationSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicationSession.class);

  /** START_REPLICATION on a slot that does not exist. */
  private static final String UNDEFINED_OBJECT = "42704";

  /** START_REPLICATION on a slot that was invalidated ("can no longer get changes"). */
  private static final String NOT_IN_PREREQUISITE_STATE = "55000";

  /** What was negotiated with the server. */
  public record Protocol(int version, boolean streaming, boolean binary, boolean messages) {
    /**
     * The highest pgoutput protocol the server speaks, capped at 3 (we do not use v4's parallel
     * apply).
     */
    static Protocol negotiate(int serverVersion, boolean binarySafe) {
      if (serverVersion >= 150000) {
        return new Protocol(3, true, binarySafe, true);
      }
      if (serverVersion >= 140000) {
        return new Protocol(2, true, binarySafe, true);
      }
      return new Protocol(1, false, false, false);
    }
  }

  private final Connection catalog;
  private final Connection replication;
  private final PGReplicationStream stream;
  private final Protocol protocol;
  private final TypeRegistry types;
  private final CatalogReader tables;
  private final String database;

  private ReplicationSession(
      Connection catalog,
      Connection replication,
      PGReplicationStream stream,
      Protocol protocol,
      TypeRegistry types,
      CatalogReader tables,
      String database) {
    this.catalog = catalog;
    this.replication = replication;
    this.stream = stream;
    this.protocol = protocol;
    this.types = types;
    this.tables = tables;
    this.database = database;
  }

  /**
   * Connects and starts streaming from {@code startLsn} (0: the slot's confirmed position). Waits
   * up to {@code slotWait} for a slot still held by a previous run of this task to be released.
   */
  public static ReplicationSession open(
      PostgresSourceConfig config, List<String> tables, long startLsn, Duration slotWait)
      throws SQLException, InterruptedException {
    Connection catalog = PgConnections.open(config.dsn());
    try {
      int serverVersion = Integer.parseInt(PgConnections.show(catalog, "server_version_num"));
      TypeRegistry types = new TypeRegistry(catalog, config.numericAsDecimal());
      boolean binarySafe = config.pgoutputBinary() && binarySafe(catalog, types, tables);
      Protocol protocol = Protocol.negotiate(serverVersion, binarySafe);
      String database = PgConnections.currentDatabase(catalog);
      return new ReplicationSlot(config)
          .whenFree(
              slotWait,
              () -> {
                Connection replication = PgConnections.openReplication(config.dsn());
                try {
                  PGReplicationStream stream = start(replication, config, protocol, startLsn);
                  log.info(
                      "streaming slot {} of {} from {} with pgoutput protocol {} (streaming {}, binary {})",
                      config.slotName(),
                      config.dsn().masked(),
                      startLsn == 0
                          ? "its confirmed position"
                          : LogSequenceNumber.valueOf(startLsn),
                      protocol.version(),
                      protocol.streaming(),
                      protocol.binary());
                  return new ReplicationSession(
                      catalog,
                      replication,
                      stream,
                      protocol,
                      types,
                      new CatalogReader(catalog, serverVersion),
                      database);
                } catch (Throwable e) {
                  PgConnections.closeAfter(replication, e);
                  if (e instanceof SQLException sql) {
                    refuseGap(catalog, config, serverVersion, startLsn, sql);
                  }
                  throw e;
                }
              });
    } catch (Throwable e) {
      PgConnections.closeAfter(catalog, e);
      throw e;
    }
  }

  /**
   * When the stream cannot start because the slot was dropped or invalidated (its WAL removed, e.g.
   * by max_slot_wal_keep_size) since the task read from it, retrying cannot help and streaming from
   * a new slot would skip changes: fails the task at once with the way back.
   */
  private static void refuseGap(
      Connection catalog,
      PostgresSourceConfig config,
      int serverVersion,
      long startLsn,
      SQLException failure)
      throws SQLException {
    String state = failure.getSQLState();
    if (!UNDEFINED_OBJECT.equals(state) && !NOT_IN_PREREQUISITE_STATE.equals(state)) {
      return;
    }
    SlotState slot = new ReplicationSlot(config).state(catalog, serverVersion);
    if (!slot.exists() || slot.lost()) {
      throw SlotGap.error(
          config.slotName(),
          slot,
          startLsn == 0
              ? "its confirmed position"
              : "LSN " + LogSequenceNumber.valueOf(startLsn) + ", where the stream resumes");
    }
  }

  private static PGReplicationStream start(
      Connection replication, PostgresSourceConfig config, Protocol protocol, long startLsn)
      throws SQLException {
    ChainedLogicalStreamBuilder builder =
        replication
            .unwrap(PGConnection.class)
            .getReplicationAPI()
            .replicationStream()
            .logical()
            .withSlotName(config.slotName())
            .withSlotOption("proto_version", Integer.toString(protocol.version()))
            .withSlotOption("publication_names", config.publicationName())
            .withStatusInterval(
                (int) Math.min(Integer.MAX_VALUE, config.heartbeatInterval().toMillis()),
                TimeUnit.MILLISECONDS);
    if (protocol.streaming()) {
      builder.withSlotOption("streaming", "on");
    }
    if (protocol.binary()) {
      builder.withSlotOption("binary", "true");
    }
    if (protocol.messages()) {
      builder.withSlotOption("messages", "true");
    }
    if (startLsn != 0) {
      builder.withStartPosition(LogSequenceNumber.valueOf(startLsn));
    }
    return builder.start();
  }

  /** The next message, or null when none is waiting. */
  public ByteBuffer readPending() throws SQLException {
    return stream.readPending();
  }

  /** The WAL position of the last message or keepalive received. */
  public long lastReceivedLsn() {
    return stream.getLastReceiveLSN().asLong();
  }

  /** Tells the server everything up to {@code lsn} is durable; it may recycle WAL before it. */
  public void confirm(long lsn) throws SQLException {
    LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
    stream.setFlushedLSN(position);
    stream.setAppliedLSN(position);
    stream.forceUpdateStatus();
  }

  /** Sends a status update with the positions already confirmed. */
  public void keepAlive() throws SQLException {
    stream.forceUpdateStatus();
  }

  /** Writes a heartbeat into the WAL, so an idle slot has a position to advance to. */
  public void emitHeartbeat() throws SQLException {
    try (Statement s = catalog.createStatement()) {
      s.execute("SELECT pg_logical_emit_message(false, 'ductstream_heartbeat', '')");
    }
  }

  /** Reads tables' shapes on the catalog connection. */
  public CatalogReader tables() {
    return tables;
  }

  public TypeRegistry types() {
    return types;
  }

  public Protocol protocol() {
    return protocol;
  }

  public String database() {
    return database;
  }

  @Override
  public void close() {
    closeQuietly(stream);
    closeQuietly(replication);
    closeQuietly(catalog);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.debug("closing {} failed: {}", closeable.getClass().getSimpleName(), e.getMessage());
    }
  }

  /** True when every column type of the captured tables can be read in binary form. */
  private static boolean binarySafe(Connection catalog, TypeRegistry types, List<String> tables)
      throws SQLException {
    // (schema, table) pairs, never "schema.table" text: names may hold dots
    List<TableId> ids = tables.stream().map(TableId::parse).toList();
    try (PreparedStatement s =
        catalog.prepareStatement(
            "SELECT DISTINCT a.atttypid FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN unnest(?::text[], ?::text[]) AS t(nsp, rel)"
                + " ON n.nspname = t.nsp AND c.relname = t.rel"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped")) {
      s.setArray(1, catalog.createArrayOf("text", ids.stream().map(TableId::schema).toArray()));
      s.setArray(2, catalog.createArrayOf("text", ids.stream().map(TableId::table).toArray()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          if (!types.binarySafe((int) rows.getLong(1))) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
