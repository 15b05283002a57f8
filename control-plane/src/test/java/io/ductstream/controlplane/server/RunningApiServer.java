package io.ductstream.controlplane.server;

import io.ductstream.api.v1.CheckpointServiceGrpc;
import io.ductstream.api.v1.DDLServiceGrpc;
import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.metrics.ProcessMetrics;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real API server (every ductstream.v1 service) on a test database, listening on a free
 * loopback port, with a plaintext channel to it.
 */
public final class RunningApiServer implements AutoCloseable {
  private final ApiServer server;
  private final ManagedChannel channel;
  private final ProcessMetrics metrics;

  private RunningApiServer(ApiServer server, ProcessMetrics metrics) {
    this.server = server;
    this.metrics = metrics;
    this.channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
  }

  /** Starts a server on {@code store}; {@code env} adds DUCTSTREAM_* settings. */
  public static RunningApiServer start(TestDatabase store, Map<String, String> env)
      throws IOException {
    Map<String, String> settings = new HashMap<>(env);
    settings.put(ServerSettings.POSTGRES_DSN, store.postgresUrl());
    settings.putIfAbsent(ServerSettings.GRPC_LISTEN, "127.0.0.1:0");
    ServerSettings read = ServerSettings.read(settings);
    ProcessMetrics metrics = ProcessMetrics.unserved();
    return new RunningApiServer(
        new ApiServer(read, ApiServices.create(read, metrics)).start(), metrics);
  }

  /** The server's meters (what its /metrics would serve). */
  public ProcessMetrics metrics() {
    return metrics;
  }

  public String endpoint() {
    return "127.0.0.1:" + server.port();
  }

  public ManagedChannel channel() {
    return channel;
  }

  public FlowServiceGrpc.FlowServiceBlockingStub flows() {
    return FlowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  public CheckpointServiceGrpc.CheckpointServiceBlockingStub checkpoints() {
    return CheckpointServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public DDLServiceGrpc.DDLServiceBlockingStub ddl() {
    return DDLServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.stop();
  }
}
