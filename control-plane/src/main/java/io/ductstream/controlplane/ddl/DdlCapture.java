package io.ductstream.controlplane.ddl;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.SourceDsn;
import io.ductstream.controlplane.store.FlowStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Installs, on a flow's source database, the event trigger that sends the text of each DDL
 * statement on a table into the WAL as a logical decoding message (prefix {@value #PREFIX}), so the
 * source connector can attach the statement to the DDL event it records. Installing again replaces
 * the function and keeps one trigger.
 */
public final class DdlCapture {
  /** The name of the function and of the event trigger. */
  public static final String NAME = "ductstream_ddl_capture";

  /** The prefix of the messages, as pgoutput delivers them with {@code messages 'true'}. */
  public static final String PREFIX = "ductstream.ddl";

  static final String FUNCTION_SQL =
      "CREATE OR REPLACE FUNCTION public."
          + NAME
          + "() RETURNS event_trigger LANGUAGE plpgsql AS $capture$\n"
          + "DECLARE\n"
          + "  command record;\n"
          + "BEGIN\n"
          + "  FOR command IN SELECT * FROM pg_event_trigger_ddl_commands()\n"
          + "                 WHERE object_type = 'table' LOOP\n"
          + "    PERFORM pg_logical_emit_message(true, '"
          + PREFIX
          + "', json_build_object('object', command.object_identity,\n"
          + "      'tag', command.command_tag, 'query', current_query())::text);\n"
          + "  END LOOP;\n"
          + "END\n"
          + "$capture$";

  static final String TRIGGER_SQL =
      "CREATE EVENT TRIGGER " + NAME + " ON ddl_command_end EXECUTE FUNCTION public." + NAME + "()";

  private static final int TIMEOUT_SECONDS = 10;
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private final FlowStore flows;

  public DdlCapture(FlowStore flows) {
    this.flows = flows;
  }

  /**
   * Installs the trigger on the source of flow {@code flowId}.
   *
   * @return what was done, naming the database (password masked)
   * @throws RequestException NOT_FOUND for an unknown flow; FAILED_PRECONDITION when the source
   *     cannot be reached or its user is not a superuser (creating an event trigger needs one)
   */
  public String install(String flowId) {
    FlowDefinition flow = flows.require(flowId);
    if (SourceDsn.hasReferences(flow.source())) {
      throw RequestException.failedPrecondition(
          "flow "
              + flowId
              + "'s source connection uses config provider references (${...}), which only the"
              + " Kafka Connect worker resolves; run the SQL of docs/ddl.md (\"The capture"
              + " trigger\") on the source as a superuser instead");
    }
    PostgresDsn dsn;
    try {
      dsn = SourceDsn.of(flow.source());
    } catch (IllegalArgumentException e) {
      throw RequestException.failedPrecondition(
          "flow " + flowId + "'s source.options.dsn is not a Postgres URL: " + e.getMessage());
    }
    try (Connection connection = SourceDsn.connect(dsn, TIMEOUT_SECONDS)) {
      requireSuperuser(connection, dsn);
      connection.setAutoCommit(false);
      boolean existed;
      try (Statement statement = connection.createStatement()) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT 1 FROM pg_event_trigger WHERE evtname = '" + NAME + "'")) {
          existed = rows.next();
        }
        statement.execute(FUNCTION_SQL);
        statement.execute("DROP EVENT TRIGGER IF EXISTS " + NAME);
        statement.execute(TRIGGER_SQL);
      }
      connection.commit();
      return (existed ? "reinstalled" : "installed")
          + " event trigger "
          + NAME
          + " (ddl_command_end) on "
          + dsn.masked()
          + ": DDL statements on tables are sent to the WAL as '"
          + PREFIX
          + "' messages and attached to the flow's DDL events";
    } catch (SQLException e) {
      if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        throw notSuperuser(dsn);
      }
      // pgjdbc's messages never hold the password.
      throw RequestException.failedPrecondition(
          "cannot install the DDL capture trigger on "
              + dsn.masked()
              + ": "
              + String.valueOf(e.getMessage()).strip().lines().findFirst().orElse(""));
    }
  }

  private static void requireSuperuser(Connection connection, PostgresDsn dsn) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      if (!rows.next() || !rows.getBoolean(1)) {
        throw notSuperuser(dsn);
      }
    }
  }

  private static RequestException notSuperuser(PostgresDsn dsn) {
    return RequestException.failedPrecondition(
        "installing the DDL capture trigger needs the SUPERUSER privilege on the source (PostgreSQL"
            + " lets only superusers create event triggers), and user \""
            + dsn.user()
            + "\" of "
            + dsn.masked()
            + " is not one; run the SQL of docs/ddl.md (\"The capture trigger\") as a superuser,"
            + " or give the flow a superuser's connection");
  }
}
