package io.ductstream.controlplane.server;

import io.ductstream.controlplane.checkpoint.Checkpoints;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.ddl.DdlApprovals;
import io.ductstream.controlplane.flow.FlowLifecycle;
import io.ductstream.controlplane.flow.FlowValidator;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.runtime.FlowRunners;
import io.ductstream.controlplane.status.FlowStatusReader;
import io.ductstream.controlplane.status.SlotProbe;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.DdlEventStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.store.StoreConnections;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.source.pg.config.PostgresDsn;
import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;

/**
 * Wires the ductstream.v1 services to the domain, the store and Kafka Connect from the settings;
 * {@link #close()} lets go of the store's connections.
 */
public final class ApiServices implements AutoCloseable {
  private final List<BindableService> services;
  private final StoreConnections store;

  private final Optional<FlowRunners> runners;

  private ApiServices(
      List<BindableService> services, StoreConnections store, Optional<FlowRunners> runners) {
    this.services = services;
    this.store = store;
    this.runners = runners;
  }

  /**
   * FlowService, CheckpointService and DDLService on the settings' store (a pool of {@link
   * StoreConnections#DEFAULT_MAX_CONNECTIONS} connections); secrets are stored encrypted when the
   * settings have a key.
   */
  public static ApiServices create(ServerSettings settings) {
    PostgresDsn dsn = settings.requirePostgresDsn();
    StoreConnections store = StoreConnections.pooled(dsn, StoreConnections.DEFAULT_MAX_CONNECTIONS);
    FlowStore flowStore = new FlowStore(store, settings.secretsKey());
    CheckpointStore checkpointStore = new CheckpointStore(store);
    WireFormatPolicy formats = new WireFormatPolicy(settings.wireFormat(), settings.wireEnforce());
    FlowTranslator translator = new FlowTranslator(formats, settings.connectBootstrapServers());
    Optional<ConnectClient> connect = settings.connectUrl().map(ConnectClient::new);
    FlowLifecycle lifecycle =
        new FlowLifecycle(
            flowStore, checkpointStore, new FlowValidator(formats), translator, connect);
    // Without a Connect cluster, the server runs started flows itself.
    Optional<FlowRunners> runners =
        connect.isPresent()
            ? Optional.empty()
            : Optional.of(
                new FlowRunners(
                    flowStore, checkpointStore, translator, dsn, settings.runOnceMaxEmptyReads()));
    runners.ifPresent(lifecycle::runningFlowsIn);
    FlowStatusReader status =
        new FlowStatusReader(flowStore, checkpointStore, translator, connect, new SlotProbe());
    runners.ifPresent(status::withRunners);
    return new ApiServices(
        List.of(
            new FlowGrpcService(lifecycle, status),
            new CheckpointGrpcService(new Checkpoints(flowStore, checkpointStore)),
            new DdlGrpcService(new DdlApprovals(new DdlEventStore(store)))),
        store,
        runners);
  }

  /** Once the store is migrated and the server serves: starts the flows that should run here. */
  public void serving() {
    runners.ifPresent(FlowRunners::startStored);
  }

  public List<BindableService> services() {
    return services;
  }

  @Override
  public void close() {
    runners.ifPresent(FlowRunners::close); // runs drain and checkpoint while the store is open
    store.close();
  }
}
