package io.ductstream.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.store.StoreMigrations;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiServerIT {
  private static TestDatabase store;

  private final List<ApiServer> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void createStore() {
    store = PostgresServer.shared().createDatabase("api_server_it");
  }

  @AfterEach
  void stopEverything() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(ApiServer::stop);
  }

  @Test
  void healthIsServingOnceStarted() throws IOException {
    ApiServer server = start();

    HealthCheckResponse response =
        HealthGrpc.newBlockingStub(channelTo(server))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());

    assertThat(response.getStatus()).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void reflectionListsTheApiAndHealthServices() throws Exception {
    ApiServer server = start();
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();

    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channelTo(server))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .serverReflectionInfo(completing(answer));
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();

    assertThat(answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains(
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "ductstream.v1.FlowService",
            "ductstream.v1.CheckpointService",
            "ductstream.v1.DDLService");
  }

  @Test
  void storeHasTheTablesAndFlywayHistory() throws Exception {
    start();

    assertThat(
            strings(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'ductstream'"
                    + " ORDER BY table_name"))
        .containsExactly(
            "checkpoints",
            "ddl_events",
            "flow_runs",
            "flow_state_events",
            "flows",
            "flyway_schema_history",
            "schema_versions");
    assertThat(
            strings(
                "SELECT version || ':' || success FROM ductstream.flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank"))
        .containsExactly("1:true", "2:true", "3:true", "4:true", "5:true");
  }

  @Test
  void secondServerOnTheSameStoreStartsAndLeavesTheSchemaAlone() throws Exception {
    ApiServer first = start();
    ApiServer second = start();

    assertThat(second.port()).isNotEqualTo(first.port());
    assertThat(health(second)).isEqualTo(ServingStatus.SERVING);
    assertThat(StoreMigrations.migrate(PostgresDsn.parse(store.postgresUrl()))).isEqualTo("5");
    assertThat(
            strings(
                "SELECT count(*)::text FROM ductstream.flyway_schema_history WHERE version IS NOT NULL"))
        .containsExactly("5");
  }

  @Test
  void stoppedServerIsUnreachable() throws IOException {
    ApiServer server = start();
    ManagedChannel channel = channelTo(server);
    assertThat(health(channel)).isEqualTo(ServingStatus.SERVING);

    server.stop();

    assertThatThrownBy(() -> health(channel))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void stopTellsHealthWatchersNotServingFirst() throws Exception {
    ApiServer server = start();
    BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
    CompletableFuture<ClientCallStreamObserver<?>> call = new CompletableFuture<>();
    HealthGrpc.newStub(channelTo(server))
        .watch(
            HealthCheckRequest.getDefaultInstance(),
            new ClientResponseObserver<HealthCheckRequest, HealthCheckResponse>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> stream) {
                call.complete(stream);
              }

              @Override
              public void onNext(HealthCheckResponse response) {
                seen.add(response.getStatus());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);

    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.NOT_SERVING);
    // The open watch is a running call: the server waits for it (up to the grace period) before it
    // closes.
    assertThat(stopping).isNotDone();
    call.get().cancel("test done", null);
    stopping.get(ApiServer.GRACE_PERIOD.toSeconds(), TimeUnit.SECONDS);
  }

  private ApiServer start() throws IOException {
    ServerSettings settings =
        ServerSettings.read(
            Map.of(
                "DUCTSTREAM_POSTGRES_DSN",
                store.postgresUrl(),
                "DUCTSTREAM_GRPC_LISTEN",
                "127.0.0.1:0",
                "DUCTSTREAM_GRPC_REFLECTION",
                "true"));
    ApiServer server = new ApiServer(settings, ApiServices.create(settings)).start();
    servers.add(server);
    return server;
  }

  private ManagedChannel channelTo(ApiServer server) {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    channels.add(channel);
    return channel;
  }

  private ServingStatus health(ApiServer server) {
    return health(channelTo(server));
  }

  private static ServingStatus health(ManagedChannel channel) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  private static List<String> strings(String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = store.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static <T> StreamObserver<T> completing(CompletableFuture<T> first) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        first.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        first.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        first.completeExceptionally(new IllegalStateException("stream ended without a response"));
      }
    };
  }
}
