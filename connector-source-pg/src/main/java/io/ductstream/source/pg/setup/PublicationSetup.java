package io.ductstream.source.pg.setup;

import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
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
 * The publication and the tables it captures: checks (or creates, with publication.create=true) the
 * publication, narrows its tables by table.include.list and table.exclude.list, and checks the
 * signal table. Every problem a user can fix is a {@link ConfigException} that says how.
 */
final class PublicationSetup {
  private static final Logger log = LoggerFactory.getLogger(PublicationSetup.class);

  private final PostgresSourceConfig config;
  private final Connection connection;

  PublicationSetup(PostgresSourceConfig config, Connection connection) {
    this.config = config;
    this.connection = connection;
  }

  /** The signal table exists with columns id, type and data. */
  void checkSignalTable() throws SQLException {
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

  void ensurePublication() throws SQLException {
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

  /** The signal table is in the publication, or its signals would never arrive. */
  void checkSignalTablePublished() throws SQLException {
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
