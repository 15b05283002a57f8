package io.ductstream.source.pg.replication;

import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.config.SnapshotMode;
import io.ductstream.source.pg.config.TableFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the source database can be captured as configured, creating the publication and slot
 * when allowed. Every problem a user can fix is a {@link ConfigException} that says how.
 */
public final class ReplicationSetup {
  private static final Logger log = LoggerFactory.getLogger(ReplicationSetup.class);

  /** The lowest server with pgoutput. */
  public static final int MIN_SERVER_VERSION = 100000;

  private final PostgresSourceConfig config;
  private final Connection connection;

  public ReplicationSetup(PostgresSourceConfig config, Connection connection) {
    this.config = config;
    this.connection = connection;
  }

  /** What the checks found. */
  public record Result(int serverVersion, String database, List<String> tables) {}

  /** Runs every check, creating the publication and slot when configured to. */
  public Result prepare() {
    try {
      int version = serverVersion();
      checkWalLevel();
      checkEncoding();
      checkReplicationRole();
      checkSignalTable();
      ensurePublication();
      checkSignalTablePublished();
      List<String> tables = capturedTables();
      for (String table : tables) {
        checkReplicaIdentity(table);
      }
      ensureSlot();
      return new Result(version, PgConnections.currentDatabase(connection), tables);
    } catch (SQLException e) {
      throw new ConfigException(
          "cannot check the source database " + config.dsn().masked() + ": " + e.getMessage());
    }
  }

  /**
   * pgoutput sends text in the database's encoding; the source decodes UTF-8. Another encoding
   * would turn text into replacement characters (and distinct values into one), so it is refused.
   */
  void checkEncoding() throws SQLException {
    String encoding = PgConnections.show(connection, "server_encoding");
    if (!encoding.equalsIgnoreCase("UTF8")) {
      throw new ConfigException(
          "database "
              + config.dsn().database()
              + " is encoded in "
              + encoding
              + "; change data capture reads text as UTF-8 and would alter it: capture a database"
              + " created WITH ENCODING 'UTF8' (pgoutput sends text in the database's encoding)");
    }
  }

  int serverVersion() throws SQLException {
    int version = Integer.parseInt(PgConnections.show(connection, "server_version_num"));
    if (version < MIN_SERVER_VERSION) {
      throw new ConfigException(
          "PostgreSQL "
              + PgConnections.show(connection, "server_version")
              + " is not supported: logical replication with pgoutput needs PostgreSQL 10 or"
              + " later (14+ for streaming and binary transfer)");
    }
    return version;
  }

  private void checkWalLevel() throws SQLException {
    String level = PgConnections.show(connection, "wal_level");
    if (!"logical".equals(level)) {
      throw new ConfigException(
          "wal_level is '"
              + level
              + "' on the source database; change data capture needs wal_level=logical: run"
              + " ALTER SYSTEM SET wal_level = logical; and restart PostgreSQL");
    }
  }

  private void checkReplicationRole() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT current_user, rolreplication OR rolsuper FROM pg_roles"
                    + " WHERE rolname = current_user")) {
      if (rows.next() && !rows.getBoolean(2)) {
        String role = rows.getString(1);
        throw new ConfigException(
            "role \""
                + role
                + "\" lacks the REPLICATION attribute needed to stream changes; run ALTER ROLE "
                + TableId.quote(role)
                + " REPLICATION; as a superuser, or connect as a role that has it");
      }
    }
  }

  private void ensurePublication() throws SQLException {
    String publication = config.publicationName();
    if (exists("SELECT 1 FROM pg_publication WHERE pubname = ?", publication)) {
      return;
    }
    List<String> include = new ArrayList<>(config.tableIncludeList());
    if (!include.isEmpty() && !config.signalTable().isEmpty()) {
      include.add(config.signalTable());
    }
    String target =
        include.isEmpty()
            ? "ALL TABLES"
            : "TABLE "
                + include.stream()
                    .map(table -> TableId.parse(table).quoted())
                    .collect(Collectors.joining(", "));
    String create = "CREATE PUBLICATION " + publication + " FOR " + target;
    if (!config.publicationCreate()) {
      throw new ConfigException(
          PostgresSourceConfig.PUBLICATION_NAME,
          publication,
          "publication \""
              + publication
              + "\" does not exist; create it with "
              + create
              + "; or set publication.create=true");
    }
    for (String table : include) {
      if (!tableExists(table)) {
        throw new ConfigException(
            PostgresSourceConfig.TABLE_INCLUDE_LIST,
            String.join(",", include),
            "table " + TableId.parse(table) + " does not exist in the source database");
      }
    }
    try (Statement s = connection.createStatement()) {
      s.execute(create);
      log.info("created publication {} FOR {}", publication, target);
    } catch (SQLException e) {
      throw new ConfigException(
          PostgresSourceConfig.PUBLICATION_NAME,
          publication,
          "cannot create publication \""
              + publication
              + "\" ("
              + e.getMessage()
              + "); create it as its owner or a superuser with "
              + create);
    }
  }

  /** The publication's tables, narrowed by table.include.list and table.exclude.list. */
  List<String> capturedTables() throws SQLException {
    String publication = config.publicationName();
    Set<TableId> published = new LinkedHashSet<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?"
                + " ORDER BY schemaname || '.' || tablename")) {
      s.setString(1, publication);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          published.add(new TableId(rows.getString(1), rows.getString(2)));
        }
      }
    }
    List<String> captured = new ArrayList<>();
    List<TableId> include = config.tableIncludeList().stream().map(TableId::parse).toList();
    for (TableId table : include) {
      if (!published.contains(table)) {
        throw new ConfigException(
            PostgresSourceConfig.TABLE_INCLUDE_LIST,
            String.join(",", config.tableIncludeList()),
            "table "
                + table
                + " is not in publication \""
                + publication
                + "\"; run ALTER PUBLICATION "
                + publication
                + " ADD TABLE "
                + table.quoted()
                + "; or remove it from table.include.list");
      }
    }
    TableFilter filter = config.tableFilter();
    String signalTable = config.signalTable();
    for (TableId table : published) {
      if (filter.test(table) && !table.toString().equals(signalTable)) {
        captured.add(table.toString());
      }
    }
    if (captured.isEmpty()) {
      log.warn(
          "publication {} holds no table to capture yet; changes of tables added to it later will"
              + " be streamed",
          publication);
    }
    return captured;
  }

  /** The signal table exists with columns id, type and data. */
  private void checkSignalTable() throws SQLException {
    String table = config.signalTable();
    if (table.isEmpty()) {
      return;
    }
    TableId id = TableId.parse(table);
    Set<String> columns = new LinkedHashSet<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
                + " AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
      s.setString(1, id.schema());
      s.setString(2, id.table());
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
    }
    String create =
        "CREATE TABLE " + id.quoted() + " (id text PRIMARY KEY, type text NOT NULL, data text)";
    if (columns.isEmpty()) {
      throw new ConfigException(
          PostgresSourceConfig.SIGNAL_TABLE,
          table,
          "signal table " + table + " does not exist; create it with " + create);
    }
    if (!columns.containsAll(List.of("id", "type", "data"))) {
      throw new ConfigException(
          PostgresSourceConfig.SIGNAL_TABLE,
          table,
          "signal table "
              + table
              + " has columns "
              + columns
              + ", not id, type and data; create it as "
              + create);
    }
  }

  /** The signal table is in the publication, or its signals would never arrive. */
  private void checkSignalTablePublished() throws SQLException {
    String table = config.signalTable();
    if (table.isEmpty()) {
      return;
    }
    TableId id = TableId.parse(table);
    String publication = config.publicationName();
    if (!exists(
        "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ?"
            + " AND tablename = ?",
        publication,
        id.schema(),
        id.table())) {
      throw new ConfigException(
          PostgresSourceConfig.SIGNAL_TABLE,
          table,
          "signal table "
              + table
              + " is not in publication \""
              + publication
              + "\", so its signals would never arrive; run ALTER PUBLICATION "
              + publication
              + " ADD TABLE "
              + id.quoted()
              + ";");
    }
  }

  private void checkReplicaIdentity(String table) throws SQLException {
    TableId id = TableId.parse(table);
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT c.relreplident, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid"
                + " AND i.indisprimary) FROM pg_class c JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
      s.setString(1, id.schema());
      s.setString(2, id.table());
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          return;
        }
        String identity = rows.getString(1);
        boolean primaryKey = rows.getBoolean(2);
        if ("n".equals(identity) || ("d".equals(identity) && !primaryKey)) {
          String why =
              "n".equals(identity)
                  ? "has REPLICA IDENTITY NOTHING"
                  : "has no primary key and REPLICA IDENTITY DEFAULT";
          throw new ConfigException(
              "table "
                  + table
                  + " "
                  + why
                  + ": its updates and deletes would lose their key; add a primary key or run"
                  + " ALTER TABLE "
                  + id.quoted()
                  + " REPLICA IDENTITY FULL; (or leave it out with table.exclude.list)");
        }
      }
    }
  }

  private void ensureSlot() throws SQLException {
    String slot = config.slotName();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT plugin, database, slot_type FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, slot);
      try (ResultSet rows = s.executeQuery()) {
        if (rows.next()) {
          checkSlot(slot, rows.getString(1), rows.getString(2), rows.getString(3));
          return;
        }
      }
    }
    SnapshotMode mode = config.snapshotMode();
    if (mode == SnapshotMode.INITIAL_ONLY) {
      return; // a snapshot without streaming needs no slot
    }
    if (!config.slotCreate()) {
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "replication slot \""
              + slot
              + "\" does not exist; create it with SELECT pg_create_logical_replication_slot('"
              + slot
              + "', 'pgoutput'); or set slot.create=true");
    }
    if (mode != SnapshotMode.NEVER) {
      // The exported snapshot lives only as long as the connection that created the slot: the
      // task creates it, right before reading the snapshot.
      log.info("replication slot {} will be created by the task with an exported snapshot", slot);
      return;
    }
    createSlot(connection, slot);
  }

  /** Creates the logical slot with pgoutput (no exported snapshot); fine if it exists meanwhile. */
  public static void createSlot(Connection connection, String slot) {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT lsn FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
      s.setString(1, slot);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        log.info("created replication slot {} at {}", slot, rows.getString(1));
      }
    } catch (SQLException e) {
      if ("42710".equals(e.getSQLState())) {
        return; // created meanwhile by another start of this connector
      }
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "cannot create replication slot \"" + slot + "\": " + e.getMessage());
    }
  }

  private void checkSlot(String slot, String plugin, String database, String type)
      throws SQLException {
    if (!"logical".equals(type) || !"pgoutput".equals(plugin)) {
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "replication slot \""
              + slot
              + "\" exists but uses plugin "
              + plugin
              + " ("
              + type
              + "); DuctStream needs a logical slot with pgoutput: choose another slot.name");
    }
    String current = PgConnections.currentDatabase(connection);
    if (!current.equals(database)) {
      throw new ConfigException(
          PostgresSourceConfig.SLOT_NAME,
          slot,
          "replication slot \""
              + slot
              + "\" belongs to database "
              + database
              + ", not "
              + current
              + "; choose another slot.name");
    }
  }

  private boolean tableExists(String table) throws SQLException {
    TableId id = TableId.parse(table);
    return exists(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ?",
        id.schema(),
        id.table());
  }

  private boolean exists(String sql, String... params) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet rows = s.executeQuery()) {
        return rows.next();
      }
    }
  }
}
