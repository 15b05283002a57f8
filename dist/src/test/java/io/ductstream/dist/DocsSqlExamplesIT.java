package io.ductstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every ```sql block of README.md and docs/ for PostgreSQL runs, in file order, on a database of
 * the test server, as a user pastes it into psql. The DuckDB blocks ({@code <!-- duckdb -->}) run
 * in {@link DocsExamplesTest}.
 */
class DocsSqlExamplesIT {
  /**
   * The objects the snippets assume a user has: the table the docs' examples capture and the
   * publications they name (ductstream_pub: the source's default; orders_pub: docs/worker.md).
   */
  private static final List<String> ASSUMED =
      List.of(
          "CREATE TABLE public.orders (id bigint PRIMARY KEY, status text)",
          "CREATE PUBLICATION ductstream_pub FOR TABLE public.orders",
          "CREATE PUBLICATION orders_pub FOR TABLE public.orders");

  @Test
  void everyPostgresSqlBlockOfTheDocsRuns() throws SQLException {
    TestDatabase db = PostgresServer.shared().createDatabase("docs_sql");
    db.execute(ASSUMED.toArray(String[]::new));
    List<String> ran = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (DocBlocks.Block block : DocBlocks.of("sql")) {
        if (block.notRun() || "duckdb".equals(block.mark())) {
          continue;
        }
        try {
          s.execute(block.text());
          ran.add(block.where());
        } catch (SQLException e) {
          failed.add(block + ": " + e.getMessage());
        }
      }

      assertThat(failed).as("SQL blocks that PostgreSQL refused").isEmpty();
      assertThat(ran).as("SQL blocks run").hasSizeGreaterThanOrEqualTo(4);
      // what the blocks did, as the docs say
      assertThat(single(s, "SELECT type || ' ' || data FROM public.ductstream_signal"))
          .isEqualTo("execute-snapshot {\"data-collections\": [\"public.orders\"]}");
      assertThat(
              single(
                  s,
                  "SELECT string_agg(pubname || ':' || tablename, ',' ORDER BY pubname, tablename)"
                      + " FROM pg_publication_tables WHERE tablename LIKE 'ductstream_signal%'"))
          .isEqualTo("ductstream_pub:ductstream_signal,orders_pub:ductstream_signals");
      assertThat(single(s, "SELECT evtevent FROM pg_event_trigger")).isEqualTo("ddl_command_end");
    }
    System.out.println("checked: the docs' PostgreSQL blocks ran: " + ran);
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }
}
