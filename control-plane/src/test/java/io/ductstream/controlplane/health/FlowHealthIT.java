package io.ductstream.controlplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.PauseFlowRequest;
import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.server.RunningApiServer;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FlowHealth on a real store: what a runner's reports do to a flow's state and its history. */
class FlowHealthIT {
  private static TestDatabase store;
  private static RunningApiServer server;
  private static FlowHealth health;
  private static FlowStore flows;

  @BeforeAll
  static void start() throws Exception {
    store = PostgresServer.shared().createDatabase("flow_health_it");
    server = RunningApiServer.start(store, Map.of());
    flows = new FlowStore(PostgresDsn.parse(store.postgresUrl()));
    health = new FlowHealth(flows);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String runningFlow(String name) {
    String id =
        server
            .flows()
            .createFlow(
                CreateFlowRequest.newBuilder()
                    .setFlow(
                        Flow.newBuilder()
                            .setName(name)
                            .setSource(
                                io.ductstream.api.v1.Endpoint.newBuilder()
                                    .setName("pg")
                                    .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                                    .putOptions(
                                        "dsn", "postgres://app:s3cret@db.internal:5432/app"))
                            .addDestinations(
                                io.ductstream.api.v1.Endpoint.newBuilder()
                                    .setName("kafka-out")
                                    .setType(EndpointType.ENDPOINT_TYPE_KAFKA)
                                    .putOptions("topic", "app." + name)))
                    .build())
            .getId();
    // running as StartFlow would record it, but without the server's own run of the flow (no
    // Connect URL here: the server would run it itself, and report on it alongside this test)
    flows.updateState(id, FlowState.CREATED, FlowState.RUNNING, "StartFlow");
    return id;
  }

  @Test
  void failureOfARunningFlowIsRecordedOnceWithItsSecretsMaskedAndRecoveryBringsItBack()
      throws Exception {
    String id = runningFlow("health-fails");

    var failed =
        health.failed(
            id, "cannot connect to postgres://app:s3cret@db.internal:5432/app\n\tat x.y(Z.java:1)");
    var again = health.failed(id, "a second report of the same failure");

    assertThat(failed).hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(FlowState.FAILED));
    assertThat(again).as("an already failed flow stays as it is").isEmpty();
    assertThat(flows.require(id).state()).isEqualTo(FlowState.FAILED);

    var recovered = health.recovered(id);
    var recoveredAgain = health.recovered(id);

    assertThat(recovered)
        .hasValueSatisfying(f -> assertThat(f.state()).isEqualTo(FlowState.RUNNING));
    assertThat(recoveredAgain).isEmpty();
    assertThat(events(id))
        .containsExactly(
            "null -> created: created",
            "created -> running: StartFlow",
            "running -> failed: failed: cannot connect to postgres://app:***@db.internal:5432/app"
                + " at x.y(Z.java:1)",
            "failed -> running: " + FlowHealth.RECOVERED);
  }

  @Test
  void reportsOnAPausedOrUnknownFlowChangeNothing() throws Exception {
    String id = runningFlow("health-paused");
    server.flows().pauseFlow(PauseFlowRequest.newBuilder().setFlowId(id).build());
    // (the server runs the flow until the pause, and may have failed it before: its source and
    // brokers do not exist here)
    int before = events(id).size();

    assertThat(health.failed(id, "boom")).isEmpty();
    assertThat(health.recovered(id)).isEmpty();
    assertThat(flows.require(id).state()).isEqualTo(FlowState.PAUSED);
    assertThat(events(id)).hasSize(before);

    assertThat(health.failed("no-such-flow", "boom")).isEmpty();
    assertThat(health.recovered("no-such-flow")).isEmpty();
  }

  private static List<String> events(String flowId) throws Exception {
    List<String> events = new ArrayList<>();
    try (Connection connection = store.connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT from_state, to_state, reason FROM ductstream.flow_state_events"
                    + " WHERE flow_id = ? ORDER BY id")) {
      select.setString(1, flowId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(rows.getString(1) + " -> " + rows.getString(2) + ": " + rows.getString(3));
        }
      }
    }
    return events;
  }
}
