package io.ductstream.controlplane.store;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.flow.FlowDefinition;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.format.WireFormat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The flows kept in the store's {@code ductstream.flows} table, and the history of their states in
 * {@code flow_state_events}.
 */
public final class FlowStore {
  private static final String COLUMNS =
      "id, name, source::text, destinations::text, state, wire_format, parallelism, created_at,"
          + " updated_at";

  private final StoreConnections connections;
  private final StoredSecrets secrets;

  /** Flows in the store at {@code dsn}, secrets as given (no DUCTSTREAM_SECRETS_KEY). */
  public FlowStore(PostgresDsn dsn) {
    this(StoreConnections.unpooled(dsn), Optional.empty());
  }

  /** Flows on {@code connections}; with a cipher, secrets are kept encrypted. */
  public FlowStore(StoreConnections connections, Optional<SecretCipher> cipher) {
    this.connections = connections;
    this.secrets = new StoredSecrets(cipher);
  }

  /** True if a flow with this id exists. */
  public boolean exists(String flowId) {
    return query(
        "read flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT 1 FROM ductstream.flows WHERE id = ?")) {
            select.setString(1, flowId);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next();
            }
          }
        });
  }

  /** The flow with this id. */
  public Optional<FlowDefinition> find(String flowId) {
    return query(
        "read flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM ductstream.flows WHERE id = ?")) {
            select.setString(1, flowId);
            List<FlowDefinition> flows = read(select);
            return flows.isEmpty() ? Optional.empty() : Optional.of(flows.get(0));
          }
        });
  }

  /** The flow with this id, or NOT_FOUND. */
  public FlowDefinition require(String flowId) {
    return find(flowId)
        .orElseThrow(() -> RequestException.notFound("flow \"" + flowId + "\" not found"));
  }

  /**
   * Up to {@code limit} flows whose names sort after {@code afterName} (empty: from the first), by
   * name.
   */
  public List<FlowDefinition> list(int limit, String afterName) {
    return query(
        "list flows",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM ductstream.flows WHERE name > ? ORDER BY name LIMIT ?")) {
            select.setString(1, afterName);
            select.setInt(2, limit);
            return read(select);
          }
        });
  }

  /**
   * The ids of the flows in one of {@code states} whose lease no runner holds (none runs them now),
   * by name.
   */
  public List<String> idleIdsIn(Set<FlowState> states) {
    return query(
        "list the flows in state " + states,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT f.id FROM ductstream.flows f WHERE f.state = ANY (?) AND NOT EXISTS"
                      + " (SELECT 1 FROM pg_locks l WHERE "
                      + FlowLease.isLeaseOf("f.id")
                      + ") ORDER BY f.name")) {
            select.setArray(
                1,
                connection.createArrayOf(
                    "text", states.stream().map(FlowState::storeName).toArray()));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
            return ids;
          }
        });
  }

  /**
   * Stores a new flow in its state, recording the state event.
   *
   * @return the flow with the store's timestamps
   * @throws RequestException ALREADY_EXISTS if its id or name is taken
   */
  public FlowDefinition insert(FlowDefinition flow) {
    return transaction(
        "create flow \"" + flow.name() + "\"",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO ductstream.flows (name, source, destinations, wire_format,"
                      + " parallelism, id, state) VALUES (?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)")) {
            setDefinition(insert, flow);
            insert.setString(6, flow.id());
            insert.setString(7, flow.state().storeName());
            insert.executeUpdate();
          } catch (SQLException e) {
            throw duplicate(e, flow);
          }
          recordState(connection, flow.id(), null, flow.state(), "created");
          return readOne(connection, flow.id());
        });
  }

  /**
   * Replaces the flow's definition (name, endpoints, wire format, parallelism); state, id and
   * created_at stay.
   *
   * @throws RequestException NOT_FOUND if it is gone, ALREADY_EXISTS if the new name is taken
   */
  public FlowDefinition update(FlowDefinition flow) {
    return transaction(
        "update flow \"" + flow.id() + "\"",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE ductstream.flows SET name = ?, source = ?::jsonb,"
                      + " destinations = ?::jsonb, wire_format = ?, parallelism = ?,"
                      + " updated_at = now() WHERE id = ?")) {
            setDefinition(update, flow);
            update.setString(6, flow.id());
            if (update.executeUpdate() == 0) {
              throw RequestException.notFound("flow \"" + flow.id() + "\" not found");
            }
          } catch (SQLException e) {
            throw duplicate(e, flow);
          }
          return readOne(connection, flow.id());
        });
  }

  /**
   * Moves the flow from {@code from} to {@code to}, recording why.
   *
   * @throws RequestException FAILED_PRECONDITION if the flow is no longer in {@code from} (another
   *     request changed it meanwhile)
   */
  public FlowDefinition updateState(String flowId, FlowState from, FlowState to, String reason) {
    return transaction(
        "change the state of flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE ductstream.flows SET state = ?, updated_at = now()"
                      + " WHERE id = ? AND state = ?")) {
            update.setString(1, to.storeName());
            update.setString(2, flowId);
            update.setString(3, from.storeName());
            if (update.executeUpdate() == 0) {
              throw RequestException.failedPrecondition(
                  "flow \""
                      + flowId
                      + "\" is no longer "
                      + from
                      + " (another request changed it); read it again and retry");
            }
          }
          recordState(connection, flowId, from, to, reason);
          return readOne(connection, flowId);
        });
  }

  /** Deletes the flow (its checkpoint and state history go with it); false if there was none. */
  public boolean delete(String flowId) {
    return query(
        "delete flow \"" + flowId + "\"",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM ductstream.flows WHERE id = ?")) {
            delete.setString(1, flowId);
            return delete.executeUpdate() > 0;
          }
        });
  }

  /** Sets parameters 1 to 5: name, source, destinations, wire_format, parallelism. */
  private void setDefinition(PreparedStatement statement, FlowDefinition flow) throws SQLException {
    statement.setString(1, flow.name());
    statement.setString(2, StoreJson.write(secrets.seal(flow.source())));
    statement.setString(
        3, StoreJson.writeAll(flow.destinations().stream().map(secrets::seal).toList()));
    if (flow.wireFormat().isPresent()) {
      statement.setString(4, flow.wireFormat().get().configName());
    } else {
      statement.setNull(4, Types.VARCHAR);
    }
    statement.setInt(5, flow.parallelism());
  }

  private static void recordState(
      Connection connection, String flowId, FlowState from, FlowState to, String reason)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO ductstream.flow_state_events (flow_id, from_state, to_state, reason)"
                + " VALUES (?, ?, ?, ?)")) {
      insert.setString(1, flowId);
      insert.setString(2, from == null ? null : from.storeName());
      insert.setString(3, to.storeName());
      insert.setString(4, reason);
      insert.executeUpdate();
    }
  }

  private FlowDefinition readOne(Connection connection, String flowId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM ductstream.flows WHERE id = ?")) {
      select.setString(1, flowId);
      return read(select).get(0);
    }
  }

  private List<FlowDefinition> read(PreparedStatement select) throws SQLException {
    List<FlowDefinition> flows = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String wireFormat = rows.getString(6);
        flows.add(
            new FlowDefinition(
                rows.getString(1),
                rows.getString(2),
                secrets.open(StoreJson.read(rows.getString(3))),
                StoreJson.readAll(rows.getString(4)).stream().map(secrets::open).toList(),
                FlowState.fromStoreName(rows.getString(5)),
                Optional.ofNullable(wireFormat).map(WireFormat::parse),
                rows.getInt(7),
                rows.getTimestamp(8).toInstant(),
                rows.getTimestamp(9).toInstant()));
      }
    }
    return flows;
  }

  private RuntimeException duplicate(SQLException e, FlowDefinition flow) {
    if (StoreConnections.UNIQUE_VIOLATION.equals(e.getSQLState())) {
      String constraint = e.getMessage() == null ? "" : e.getMessage();
      return new RequestException(
          RequestException.Kind.ALREADY_EXISTS,
          constraint.contains("flows_name_key")
              ? "a flow named \"" + flow.name() + "\" already exists; choose another name"
              : "a flow with id \"" + flow.id() + "\" already exists",
          e);
    }
    return connections.failure("write flow \"" + flow.name() + "\"", e);
  }

  private <T> T query(String action, StoreConnections.SqlWork<T> work) {
    return connections.query(action, work);
  }

  private <T> T transaction(String action, StoreConnections.SqlWork<T> work) {
    return connections.transaction(action, work);
  }
}
