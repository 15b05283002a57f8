package io.ductstream.controlplane.runtime;

import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.source.pg.backfill.BackfillSignal;
import io.ductstream.source.pg.catalog.TableId;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.source.pg.config.TableFilter;
import io.ductstream.source.pg.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A backfill asked of a running flow's source ({@code -mode backfill}): the tables are checked
 * against what the flow captures, then one row goes into the flow's signal table, which the source
 * reads from the stream like any other change and answers by reading the tables in key order while
 * streaming goes on. The same way a user asks on a Kafka Connect cluster, so both behave alike.
 *
 * @param id the signal row's id, by which the source reports the backfill done
 * @param tables the tables asked for, as {@code schema.table}
 */
public record BackfillRequest(String id, List<String> tables) {

  /**
   * Checks, before a run, that a backfill of {@code requested} can be asked of the flow's source.
   *
   * @param requested {@code schema.table} names; empty asks for every table the flow captures
   * @return the tables the backfill would read
   * @throws FlowRunException naming what is wrong and the fix
   */
  public static List<String> check(
      FlowDefinition flow, FlowTranslator translator, List<String> requested) {
    PostgresSourceConfig source;
    try {
      source =
          new PostgresSourceConfig(
              ConfigReferences.resolve(
                  translator.translate(flow, Optional.empty()).get(0).config()));
    } catch (RuntimeException e) {
      throw new FlowRunException(
          "flow \"" + flow.name() + "\" cannot run: " + FlowRunner.reason(e), e);
    }
    try (Connection connection = PgConnections.open(source.dsn())) {
      return tables(connection, source, requested);
    } catch (SQLException e) {
      throw new FlowRunException(
          "cannot read the publication of the flow's source: " + e.getMessage(), e);
    }
  }

  /**
   * Checks the tables and writes the signal row.
   *
   * @param requested {@code schema.table} names; empty asks for every table the flow captures
   * @throws FlowRunException naming what is wrong and the fix, before anything is written
   */
  static BackfillRequest send(PostgresSourceConfig source, List<String> requested) {
    try (Connection connection = PgConnections.open(source.dsn())) {
      List<String> tables = tables(connection, source, requested);
      BackfillRequest request = new BackfillRequest("worker-backfill-" + UUID.randomUUID(), tables);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + TableId.parse(source.signalTable()).quoted()
                  + " (id, type, data) VALUES (?, ?, ?)")) {
        insert.setString(1, request.id());
        insert.setString(2, BackfillSignal.TYPE);
        insert.setString(3, BackfillSignal.data(tables));
        insert.executeUpdate();
      }
      return request;
    } catch (SQLException e) {
      throw new FlowRunException(
          "cannot ask the source for a backfill through signal table "
              + source.signalTable()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static List<String> tables(
      Connection connection, PostgresSourceConfig source, List<String> requested)
      throws SQLException {
    if (source.signalTable().isEmpty()) {
      throw new FlowRunException(
          "-mode backfill asks the flow's source for a backfill through its signal table, and the"
              + " source has none: add \"signal.table\": \"public.ductstream_signals\" to the"
              + " source's options, with that table created as (id text primary key, type text,"
              + " data text) and in the publication (docs/worker.md, \"Backfill mode\")");
    }
    TableId signalTable = TableId.parse(source.signalTable());
    String publication = source.publicationName();
    Set<TableId> published = published(connection, publication);
    if (published.isEmpty() && !publicationExists(connection, publication)) {
      throw new FlowRunException(
          "-mode backfill: publication \""
              + publication
              + "\" does not exist yet, so the flow has never run; its first run copies every"
              + " table (the initial snapshot): run it without -mode backfill");
    }
    if (!published.contains(signalTable)) {
      throw new FlowRunException(
          "signal table "
              + signalTable
              + " is not in publication \""
              + publication
              + "\", so the source would never see the backfill asked of it; run ALTER"
              + " PUBLICATION "
              + publication
              + " ADD TABLE "
              + signalTable.quoted());
    }
    TableFilter captured = source.tableFilter();
    List<String> tables = new ArrayList<>();
    if (requested.isEmpty()) {
      published.stream()
          .filter(captured)
          .filter(table -> !table.equals(signalTable))
          .forEach(table -> tables.add(table.toString()));
    }
    for (String name : requested) {
      TableId table;
      try {
        table = TableId.parse(name);
      } catch (IllegalArgumentException e) {
        throw new FlowRunException("-tables " + name + ": " + e.getMessage());
      }
      if (!published.contains(table)) {
        throw new FlowRunException(
            "-tables "
                + table
                + ": no such table in publication \""
                + publication
                + "\"; a backfill reads only tables the flow captures (check the name, or add"
                + " the table to the publication)");
      }
      if (!captured.test(table) || table.equals(signalTable)) {
        throw new FlowRunException(
            "-tables "
                + table
                + ": the flow does not capture it (its source's table.include.list,"
                + " table.exclude.list or signal.table leave it out); a backfill reads only"
                + " tables the flow captures");
      }
      if (!tables.contains(table.toString())) {
        tables.add(table.toString());
      }
    }
    if (tables.isEmpty()) {
      throw new FlowRunException(
          "-mode backfill: the flow captures no table of publication \""
              + publication
              + "\" yet, so there is nothing to copy");
    }
    return tables;
  }

  private static boolean publicationExists(Connection connection, String publication)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      query.setString(1, publication);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static Set<TableId> published(Connection connection, String publication)
      throws SQLException {
    Set<TableId> tables = new LinkedHashSet<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?"
                + " ORDER BY 1, 2")) {
      query.setString(1, publication);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          tables.add(new TableId(rows.getString(1), rows.getString(2)));
        }
      }
    }
    return tables;
  }
}
