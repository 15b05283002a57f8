package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.GetFlowStatusRequest;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.store.StoreConnections;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A burst of calls is served from a bounded pool of store connections and call threads. */
class ApiLimitsIT {

  @Test
  void aBurstOfCallsNeverOpensMoreStoreConnectionsThanThePoolHolds() throws Exception {
    TestDatabase store = PostgresServer.shared().createDatabase("api_limits_it");
    int calls = 200;
    try (RunningApiServer server = RunningApiServer.start(store, Map.of())) {
      AtomicBoolean bursting = new AtomicBoolean(true);
      AtomicInteger mostConnections = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(100);
      Connection sampling = store.connect();
      Thread sampler =
          new Thread(
              () -> {
                while (bursting.get()) {
                  mostConnections.accumulateAndGet(storeConnections(sampling), Math::max);
                }
              });
      sampler.start();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Status.Code>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        results.add(
            clients.submit(
                () -> {
                  start.await();
                  try {
                    FlowServiceGrpc.newBlockingStub(server.channel())
                        .withDeadlineAfter(60, TimeUnit.SECONDS)
                        .listFlows(ListFlowsRequest.getDefaultInstance());
                    return Status.Code.OK;
                  } catch (StatusRuntimeException e) {
                    return e.getStatus().getCode();
                  }
                }));
      }
      start.countDown();
      List<Status.Code> codes = new ArrayList<>();
      for (Future<Status.Code> result : results) {
        codes.add(result.get(90, TimeUnit.SECONDS));
      }
      bursting.set(false);
      sampler.join();
      sampling.close();
      clients.shutdownNow();

      System.out.printf(
          "burst: %d calls, %d OK, %d RESOURCE_EXHAUSTED, at most %d store connections%n",
          calls,
          codes.stream().filter(Status.Code.OK::equals).count(),
          codes.stream().filter(Status.Code.RESOURCE_EXHAUSTED::equals).count(),
          mostConnections.get());
      assertThat(codes)
          .isSubsetOf(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED)
          .contains(Status.Code.OK);
      assertThat(mostConnections.get())
          .isPositive()
          .isLessThanOrEqualTo(StoreConnections.DEFAULT_MAX_CONNECTIONS);
    }
  }

  @Test
  void aCallStuckOnASilentSourceEndsAtTheServersDeadlineAndCallsBeyondTheLimitAreRefused()
      throws Exception {
    TestDatabase store = PostgresServer.shared().createDatabase("api_limits_deadline_it");
    ServerSettings settings =
        ServerSettings.read(
            Map.of(
                ServerSettings.POSTGRES_DSN,
                store.postgresUrl(),
                ServerSettings.GRPC_LISTEN,
                "127.0.0.1:0"));
    ApiLimits limits =
        ApiLimits.DEFAULT.withMaxCallDuration(Duration.ofSeconds(1)).withMaxConcurrentCalls(1);
    ApiServer server = new ApiServer(settings, ApiServices.create(settings), limits).start();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    // A "database" that accepts connections and never says a word.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CountDownLatch probing = new CountDownLatch(1);
      List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                    probing.countDown();
                  }
                } catch (IOException e) {
                  // closed at the end of the test
                }
              });
      acceptor.start();
      Flow flow =
          FlowServiceIT.kafkaFlow("silent").toBuilder()
              .setSource(
                  FlowServiceIT.kafkaFlow("silent").getSource().toBuilder()
                      .putOptions(
                          "dsn", "postgres://app:pw@127.0.0.1:" + silent.getLocalPort() + "/app"))
              .build();
      FlowServiceGrpc.FlowServiceBlockingStub flows =
          FlowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
      String id = flows.createFlow(CreateFlowRequest.newBuilder().setFlow(flow).build()).getId();

      long started = System.nanoTime();
      CompletableFuture<Status> status =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  FlowServiceGrpc.newBlockingStub(channel)
                      .getFlowStatus(GetFlowStatusRequest.newBuilder().setFlowId(id).build());
                  return Status.OK;
                } catch (StatusRuntimeException e) {
                  return e.getStatus();
                }
              });
      assertThat(probing.await(10, TimeUnit.SECONDS)).as("the slot probe connected").isTrue();

      assertFailsWith(
              Status.Code.RESOURCE_EXHAUSTED,
              () -> flows.listFlows(ListFlowsRequest.getDefaultInstance()))
          .isEqualTo("the API server is running its maximum of 1 calls; retry shortly");

      Status answer = status.get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf("stuck call answered %s after %d ms%n", answer, took.toMillis());
      assertThat(answer.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(answer.getDescription())
          .isEqualTo("the call took longer than the server's limit of 1s");
      assertThat(took).isLessThan(Duration.ofSeconds(4)); // the probe itself waits 5 s
      for (Socket socket : accepted) {
        socket.close();
      }
    } finally {
      channel.shutdownNow();
      server.stop();
    }
  }

  /** Connections of the API server to the store (the sampler's own is not counted). */
  private static int storeConnections(Connection connection) {
    try (PreparedStatement count =
        connection.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'ductstream-control-plane'")) {
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
