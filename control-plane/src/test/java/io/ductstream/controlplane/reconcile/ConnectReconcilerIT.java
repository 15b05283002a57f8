package io.ductstream.controlplane.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.RequestException;
import io.ductstream.controlplane.checkpoint.ConnectCheckpoints;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.flow.FlowState;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.health.FlowHealth;
import io.ductstream.controlplane.server.RunningApiServer;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.format.WireFormat;
import io.ductstream.testkit.FreePorts;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciler when the Kafka Connect cluster cannot be reached: Connect's outage, no flow's. */
class ConnectReconcilerIT {

  @Test
  void unreachableConnectEndsThePassAndChangesNoFlow() throws Exception {
    TestDatabase store = PostgresServer.shared().createDatabase("connect_reconciler_it");
    String id;
    // A server without Connect stores the flow; the reconciler then looks at it.
    try (RunningApiServer server = RunningApiServer.start(store, Map.of())) {
      id =
          server
              .flows()
              .createFlow(
                  CreateFlowRequest.newBuilder()
                      .setFlow(
                          Flow.newBuilder()
                              .setName("unreachable")
                              .setSource(
                                  io.ductstream.api.v1.Endpoint.newBuilder()
                                      .setName("pg")
                                      .setType(EndpointType.ENDPOINT_TYPE_POSTGRES)
                                      .putOptions("dsn", "postgres://app:pw@db.internal:5432/app"))
                              .addDestinations(
                                  io.ductstream.api.v1.Endpoint.newBuilder()
                                      .setName("kafka-out")
                                      .setType(EndpointType.ENDPOINT_TYPE_KAFKA)
                                      .putOptions("topic", "app.unreachable")))
                      .build())
              .getId();
    }
    // running as StartFlow records it, without a run: a server without Connect runs started flows
    // itself, and this one's source does not exist
    new FlowStore(PostgresDsn.parse(store.postgresUrl()))
        .updateState(id, FlowState.CREATED, FlowState.RUNNING, "StartFlow");
    PostgresDsn dsn = PostgresDsn.parse(store.postgresUrl());
    FlowStore flows = new FlowStore(dsn);
    FlowTranslator translator =
        new FlowTranslator(new WireFormatPolicy(WireFormat.ARROW, true), Optional.empty());
    String closed = "http://127.0.0.1:" + FreePorts.next();
    ConnectClient connect = new ConnectClient(URI.create(closed));
    ConnectReconciler reconciler =
        new ConnectReconciler(
            flows,
            translator,
            connect,
            new FlowHealth(flows),
            new ConnectCheckpoints(connect, new CheckpointStore(dsn), translator),
            Duration.ofSeconds(1));
    System.out.println("injected: Kafka Connect at " + closed + " does not answer");

    assertThatThrownBy(reconciler::reconcileAll)
        .isInstanceOfSatisfying(
            RequestException.class,
            e -> assertThat(e.kind()).isEqualTo(RequestException.Kind.UNAVAILABLE))
        .hasMessageStartingWith("cannot reach Kafka Connect at " + closed);
    assertThat(flows.require(id).state()).isEqualTo(FlowState.RUNNING);
  }
}
