package io.ductstream.controlplane.server;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.checkpoint.Checkpoints;
import io.ductstream.controlplane.checkpoint.ConnectCheckpoints;
import io.ductstream.controlplane.config.DbosSettings;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.controlplane.ddl.DdlApprovals;
import io.ductstream.controlplane.ddl.DdlCapture;
import io.ductstream.controlplane.ddl.DdlHolds;
import io.ductstream.controlplane.flow.FlowValidator;
import io.ductstream.controlplane.flow.WireFormatPolicy;
import io.ductstream.controlplane.health.FlowHealth;
import io.ductstream.controlplane.lifecycle.FlowLifecycle;
import io.ductstream.controlplane.metrics.DdlBacklog;
import io.ductstream.controlplane.metrics.ProcessMetrics;
import io.ductstream.controlplane.reconcile.ConnectReconciler;
import io.ductstream.controlplane.runtime.FlowRunners;
import io.ductstream.controlplane.schedule.DbosScheduler;
import io.ductstream.controlplane.schedule.FlowRunSteps;
import io.ductstream.controlplane.status.FlowStatusReader;
import io.ductstream.controlplane.status.SlotProbe;
import io.ductstream.controlplane.store.CheckpointStore;
import io.ductstream.controlplane.store.DdlEventStore;
import io.ductstream.controlplane.store.FlowRunStore;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.store.StoreConnections;
import io.ductstream.controlplane.translate.ConnectorChecks;
import io.ductstream.controlplane.translate.DdlGovernance;
import io.ductstream.controlplane.translate.FlowTranslator;
import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;

/**
 * Wires the ductstream.v1 services to the domain, the store and Kafka Connect from the settings;
 * {@link #startBackgroundWork()} starts the Connect reconciler, {@link #close()} stops it and lets
 * go of the store's connections.
 */
public final class ApiServices implements AutoCloseable {
  private final List<BindableService> services;
  private final StoreConnections store;
  private final Optional<ConnectReconciler> reconciler;

  private final Optional<FlowRunners> runners;
  private final Optional<DbosScheduler> scheduler;

  private ApiServices(
      List<BindableService> services,
      StoreConnections store,
      Optional<ConnectReconciler> reconciler,
      Optional<FlowRunners> runners,
      Optional<DbosScheduler> scheduler) {
    this.services = services;
    this.store = store;
    this.reconciler = reconciler;
    this.runners = runners;
    this.scheduler = scheduler;
  }

  /**
   * FlowService, CheckpointService and DDLService on the settings' store (a pool of {@link
   * StoreConnections#DEFAULT_MAX_CONNECTIONS} connections); secrets are stored encrypted when the
   * settings have a key.
   */
  public static ApiServices create(ServerSettings settings) {
    return create(settings, ProcessMetrics.unserved());
  }

  /**
   * As {@link #create(ServerSettings)}, with the flows' meters and the DDL backlog in {@code
   * metrics}.
   */
  public static ApiServices create(ServerSettings settings, ProcessMetrics metrics) {
    PostgresDsn dsn = settings.requirePostgresDsn();
    StoreConnections store = StoreConnections.pooled(dsn, StoreConnections.DEFAULT_MAX_CONNECTIONS);
    FlowStore flowStore = new FlowStore(store, settings.secretsKey());
    CheckpointStore checkpointStore = new CheckpointStore(store);
    WireFormatPolicy formats = new WireFormatPolicy(settings.wireFormat(), settings.wireEnforce());
    FlowTranslator translator =
        new FlowTranslator(
            formats,
            settings.connectBootstrapServers(),
            new DdlGovernance(Optional.of(dsn), settings.ddl()));
    Optional<ConnectClient> connect = settings.connectUrl().map(ConnectClient::new);
    DbosSettings dbos = settings.dbos();
    if (dbos.enabled() && connect.isPresent()) {
      throw new SettingsException(
          DbosSettings.ENABLED
              + "=true runs flows in the API server, but "
              + ServerSettings.CONNECT_URL
              + " is set, so the Kafka Connect cluster runs them continuously; unset one of the two");
    }
    FlowLifecycle lifecycle =
        new FlowLifecycle(
            flowStore,
            checkpointStore,
            new FlowValidator(formats, new ConnectorChecks(translator)),
            translator,
            connect);
    // Without a Connect cluster, the server runs started flows itself: continuously, or in runs
    // until caught up through DBOS.
    Optional<FlowRunners> runners =
        connect.isPresent()
            ? Optional.empty()
            : Optional.of(
                new FlowRunners(
                        flowStore,
                        checkpointStore,
                        translator,
                        dsn,
                        settings.runOnceMaxEmptyReads(),
                        dbos.enabled()
                            ? FlowRunners.StartedFlows.LEFT_TO_SCHEDULED_RUNS
                            : FlowRunners.StartedFlows.RUN_CONTINUOUSLY)
                    .meters(metrics.registry()));
    runners.ifPresent(lifecycle::runningFlowsIn);
    FlowRunStore flowRuns = new FlowRunStore(store);
    Optional<DbosScheduler> scheduler =
        dbos.enabled()
            ? Optional.of(
                new DbosScheduler(
                    new DbosScheduler.Settings(dbos.appName(), dbos.queueName(), dbos.schedule()),
                    dsn,
                    new FlowRunSteps(flowStore, flowRuns, runners.orElseThrow())))
            : Optional.empty();
    scheduler.ifPresent(lifecycle::dispatchingRunsTo);
    SlotProbe slots = new SlotProbe();
    FlowStatusReader status =
        new FlowStatusReader(flowStore, checkpointStore, translator, connect, slots);
    runners.ifPresent(status::withRunners);
    status.withRuns(flowRuns);
    DdlEventStore ddlEvents = new DdlEventStore(store);
    DdlHolds holds = new DdlHolds(ddlEvents, translator::ddlGate);
    status.withDdlHolds(holds);
    Optional<ConnectCheckpoints> connectCheckpoints =
        connect.map(client -> new ConnectCheckpoints(client, checkpointStore, translator));
    connectCheckpoints.ifPresent(lifecycle::forgettingOffsetsWith);
    Optional<ConnectReconciler> reconciler =
        connect.map(
            client ->
                new ConnectReconciler(
                    flowStore,
                    translator,
                    client,
                    new FlowHealth(flowStore),
                    connectCheckpoints.get(),
                    settings.reconcileInterval()));
    DdlBacklog.publish(ddlEvents, Optional.empty(), metrics);
    return new ApiServices(
        List.of(
            new FlowGrpcService(lifecycle, status, holds),
            new CheckpointGrpcService(
                new Checkpoints(flowStore, checkpointStore, slots, connectCheckpoints)),
            new DdlGrpcService(new DdlApprovals(ddlEvents), new DdlCapture(flowStore))),
        store,
        reconciler,
        runners,
        scheduler);
  }

  /**
   * Starts the work the server does between calls, once the store is migrated: the Kafka Connect
   * reconciler when a Connect cluster is configured, else the flows that should run here, or DBOS
   * and its schedule.
   */
  public void startBackgroundWork() {
    reconciler.ifPresent(ConnectReconciler::start);
    runners.ifPresent(FlowRunners::startStored);
    scheduler.ifPresent(DbosScheduler::launch);
  }

  public List<BindableService> services() {
    return services;
  }

  @Override
  public void close() {
    // DBOS first: no more ticks or dequeues; a run it leaves resumes at the next start
    scheduler.ifPresent(DbosScheduler::close);
    reconciler.ifPresent(ConnectReconciler::close);
    runners.ifPresent(FlowRunners::close); // runs drain and checkpoint while the store is open
    store.close();
  }
}
