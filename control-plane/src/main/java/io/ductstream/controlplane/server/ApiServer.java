package io.ductstream.controlplane.server;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.config.ApiAccess;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.controlplane.store.StoreMigrations;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC API server on its store: migrates the store, serves the given API services plus the
 * standard health service ({@code grpc.health.v1.Health}) and, when asked, server reflection, and
 * shuts down gracefully. It listens on loopback unless told otherwise, speaks TLS (and mutual TLS)
 * when given a certificate, and lets through only calls that carry the API token when one is set.
 * Calls run on a fixed pool of threads within {@link ApiLimits}.
 */
public final class ApiServer {
  /** How long {@link #stop()} lets running calls finish before cancelling them. */
  public static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

  /** A connection with no call for this long is closed. */
  public static final Duration MAX_CONNECTION_IDLE = Duration.ofMinutes(5);

  /** A client that has not finished its TLS handshake in this time is dropped. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ServerSettings settings;
  private final ApiServices apiServices;
  private final ApiLimits limits;
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;
  private ExecutorService executor;
  private ScheduledExecutorService timer;

  public ApiServer(ServerSettings settings, ApiServices apiServices) {
    this(settings, apiServices, ApiLimits.DEFAULT);
  }

  public ApiServer(ServerSettings settings, ApiServices apiServices, ApiLimits limits) {
    this.settings = settings;
    this.apiServices = apiServices;
    this.limits = limits;
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
    ApiAccess access = settings.apiAccess();
    TransportSecurity.requireProtectedWhenExposed(settings);
    ServerCredentials credentials = TransportSecurity.credentials(access);
    String schemaVersion = StoreMigrations.migrate(store);

    executor = Executors.newFixedThreadPool(limits.callThreads(), threads("ductstream-api-"));
    timer = Executors.newSingleThreadScheduledExecutor(threads("ductstream-api-deadlines-"));
    NettyServerBuilder builder;
    try {
      builder = NettyServerBuilder.forAddress(settings.grpcListen().toSocketAddress(), credentials);
    } catch (IllegalArgumentException e) {
      executor.shutdown();
      timer.shutdown();
      throw new SettingsException(
          ServerSettings.GRPC_TLS_CERT
              + " or "
              + ServerSettings.GRPC_TLS_KEY
              + " does not hold a usable PEM certificate chain and PKCS#8 private key ("
              + e.getMessage()
              + ")");
    }
    builder
        .executor(executor)
        .maxInboundMessageSize(limits.maxMessageBytes())
        .maxConcurrentCallsPerConnection(limits.maxCallsPerConnection())
        .maxConnectionIdle(MAX_CONNECTION_IDLE.toMillis(), TimeUnit.MILLISECONDS)
        .handshakeTimeout(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .addService(health.getHealthService());
    if (access.reflection()) {
      builder.addService(ProtoReflectionServiceV1.newInstance());
    }
    apiServices.services().forEach(builder::addService);
    // The interceptor added last runs first: strangers are turned away before they count.
    builder.intercept(new CallerIdentity());
    builder.intercept(new CallDeadline(limits.maxCallDuration(), timer));
    builder.intercept(new CallLimit(limits.maxConcurrentCalls()));
    access.token().ifPresent(token -> builder.intercept(new BearerTokenCheck(token)));
    try {
      server = builder.build().start();
    } catch (IOException | RuntimeException e) {
      executor.shutdown();
      timer.shutdown();
      throw e;
    }
    apiServices.startBackgroundWork();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    if (settings.secretsKey().isEmpty()) {
      log.warn(
          "flow secrets are stored in clear: set {} to encrypt them, or give flows config provider"
              + " references (${file:...}, ${env:...}) instead of secrets",
          ServerSettings.SECRETS_KEY);
    }

    log.info(
        "ductstream API server listening on {} ({}, {}, reflection {}; store {}, schema version {},"
            + " wire format {}, wire enforce {}, Kafka Connect {}, services {})",
        boundAddress(),
        access.tls().isEmpty()
            ? "plaintext"
            : access.tls().get().clientCa().isPresent() ? "TLS with client certificates" : "TLS",
        access.token().isPresent() ? "bearer token required" : "no token",
        access.reflection() ? "on" : "off",
        store.masked(),
        schemaVersion,
        settings.wireFormat(),
        settings.wireEnforce(),
        settings.maskedConnectUrl().orElse("not set"),
        serviceNames());
    return this;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private String boundAddress() {
    return settings.grpcListen().defaultHost()
        ? settings.grpcListen().toSocketAddress().getAddress().getHostAddress() + ":" + port()
        : settings.grpcListen().withPort(port()).toString();
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
    } finally {
      executor.shutdownNow();
      timer.shutdownNow();
      apiServices.close();
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
