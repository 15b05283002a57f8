package io.ductstream.controlplane.server;

import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.store.StoreMigrations;
import io.ductstream.source.pg.config.PostgresDsn;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC API server on its store: migrates the store, serves the given API services plus the
 * standard health ({@code grpc.health.v1.Health}) and reflection services, and shuts down
 * gracefully.
 */
public final class ApiServer {
  /** How long {@link #stop()} lets running calls finish before cancelling them. */
  public static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ServerSettings settings;
  private final List<BindableService> apiServices;
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;

  public ApiServer(ServerSettings settings, List<BindableService> apiServices) {
    this.settings = settings;
    this.apiServices = List.copyOf(apiServices);
  }

  /**
   * Migrates the store, binds the listen address and reports SERVING.
   *
   * @throws IOException if the address cannot be bound
   * @throws io.ductstream.controlplane.config.SettingsException if no store DSN is set
   * @throws io.ductstream.controlplane.store.StoreException if the store cannot be migrated
   */
  public synchronized ApiServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the API server is already started");
    }
    PostgresDsn store = settings.requirePostgresDsn();
    String schemaVersion = StoreMigrations.migrate(store);

    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(settings.grpcListen().toSocketAddress())
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance());
    apiServices.forEach(builder::addService);
    server = builder.build().start();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);

    log.info(
        "ductstream API server listening on {} (store {}, schema version {}, wire format {}, wire enforce {},"
            + " Kafka Connect {}, services {})",
        settings.grpcListen().withPort(port()),
        store.masked(),
        schemaVersion,
        settings.wireFormat(),
        settings.wireEnforce(),
        settings.maskedConnectUrl().orElse("not set"),
        serviceNames());
    return this;
  }

  /** The bound port: the configured one, or the one picked for port 0. */
  public synchronized int port() {
    requireStarted();
    return server.getPort();
  }

  /**
   * Graceful stop: health turns NOT_SERVING, new calls are refused, running calls get {@link
   * #GRACE_PERIOD} to finish and are then cancelled. Safe to call more than once.
   */
  public synchronized void stop() {
    if (server == null || server.isTerminated()) {
      return;
    }
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("calls still running after {}s; cancelling them", GRACE_PERIOD.toSeconds());
        server.shutdownNow();
        server.awaitTermination(GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("ductstream API server stopped");
  }

  /** Blocks until the server has stopped. */
  public void awaitTermination() throws InterruptedException {
    Server started;
    synchronized (this) {
      requireStarted();
      started = server;
    }
    started.awaitTermination();
  }

  private void requireStarted() {
    if (server == null) {
      throw new IllegalStateException("the API server is not started");
    }
  }

  private String serviceNames() {
    return server.getServices().stream()
        .map(s -> s.getServiceDescriptor().getName())
        .sorted()
        .collect(Collectors.joining(", "));
  }
}
