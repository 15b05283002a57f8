package io.ductstream.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.controlplane.store.StoreConnections;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
