package io.ductstream.controlplane.server;

import io.ductstream.controlplane.checkpoint.Checkpoints;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.ddl.DdlApprovals;
import io.ductstream.controlplane.flow.FlowLifecycle;
import io.ductstream.controlplane.flow.FlowValidator;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.status.FlowStatusReader;
import io.ductstream.controlplane.status.SlotProbe;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.DdlEventStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.ductstream.source.pg.config.PostgresDsn;
import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;

/**
 * Wires the ductstream.v1 services to the domain, the store and Kafka Connect from the settings.
 */
public final class ApiServices {
  private ApiServices() {}

  /** FlowService, CheckpointService and DDLService on the settings' store. */
  public static List<BindableService> create(ServerSettings settings) {
    PostgresDsn store = settings.requirePostgresDsn();
    FlowStore flowStore = new FlowStore(store);
    CheckpointStore checkpointStore = new CheckpointStore(store);
    WireFormatPolicy formats = new WireFormatPolicy(settings.wireFormat(), settings.wireEnforce());
    FlowTranslator translator = new FlowTranslator(formats, settings.connectBootstrapServers());
    Optional<ConnectClient> connect = settings.connectUrl().map(ConnectClient::new);
    FlowLifecycle lifecycle =
        new FlowLifecycle(
            flowStore, checkpointStore, new FlowValidator(formats), translator, connect);
    FlowStatusReader status =
        new FlowStatusReader(flowStore, checkpointStore, translator, connect, new SlotProbe());
    return List.of(
        new FlowGrpcService(lifecycle, status),
        new CheckpointGrpcService(new Checkpoints(flowStore, checkpointStore)),
        new DdlGrpcService(new DdlApprovals(new DdlEventStore(store))));
  }
}
