package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.ListFlowsRequest;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status.Code;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who gets in: the API over real sockets with TLS, client certificates and bearer tokens, and the
 * refusals a caller without them sees.
 */
class ApiSecurityIT {
  static final String TOKEN = "test-token-0123456789abcdef";

  @TempDir static Path dir;

  private static TestDatabase store;
  private static TestCertificates certs;

  private final List<ApiServer> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void createStoreAndCertificates() throws Exception {
    store = PostgresServer.shared().createDatabase("api_security_it");
    certs = TestCertificates.create(dir);
  }

  @AfterEach
  void stopEverything() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(ApiServer::stop);
  }

  @Test
  void withATokenEveryRpcButHealthIsUnauthenticatedWithoutIt() throws IOException {
    ApiServer server = start(Map.of(ServerSettings.API_TOKEN, TOKEN));
    ManagedChannel plain = channel(server, InsecureChannelCredentials.create());

    assertFailsWith(Code.UNAUTHENTICATED, () -> listFlows(plain, Optional.empty()))
        .contains("authorization: Bearer")
        .contains("DUCTSTREAM_API_TOKEN");
    assertFailsWith(Code.UNAUTHENTICATED, () -> listFlows(plain, Optional.of("Bearer wrong")))
        .isEqualTo("the bearer token is not the server's DUCTSTREAM_API_TOKEN");
    assertFailsWith(Code.UNAUTHENTICATED, () -> listFlows(plain, Optional.of(TOKEN)))
        .as("the token without the Bearer scheme")
        .contains("is not the server's");
    assertThat(health(plain)).isEqualTo(ServingStatus.SERVING);

    assertThat(listFlows(plain, Optional.of("Bearer " + TOKEN)).getFlowsList()).isNotNull();
    assertThat(listFlows(plain, Optional.of("bearer " + TOKEN)).getFlowsList()).isNotNull();
  }

  @Test
  void reflectionIsOffUnlessAskedFor() throws Exception {
    ApiServer plain = start(Map.of());
    assertThatThrownBy(() -> listServices(channel(plain, InsecureChannelCredentials.create())))
        .hasRootCauseMessage(
            "UNIMPLEMENTED: Method not found: grpc.reflection.v1.ServerReflection/ServerReflectionInfo");

    ApiServer reflecting =
        start(Map.of(ServerSettings.GRPC_REFLECTION, "true", ServerSettings.API_TOKEN, TOKEN));
    ManagedChannel channel = channel(reflecting, InsecureChannelCredentials.create());
    assertThatThrownBy(() -> listServices(channel))
        .as("reflection needs the token too")
        .hasMessageContaining("UNAUTHENTICATED");
    assertThat(listServices(withToken(channel)))
        .contains("ductstream.v1.FlowService", "grpc.health.v1.Health");
  }

  @Test
  void tlsServerRefusesPlaintextAndServesClientsThatTrustItsCa() throws IOException {
    ApiServer server = start(tls(false));

    assertFailsWith(
        Code.UNAVAILABLE,
        () -> listFlows(channel(server, InsecureChannelCredentials.create()), Optional.empty()));
    assertFailsWith(
            Code.UNAVAILABLE,
            () -> listFlows(channel(server, TlsChannelCredentials.create()), Optional.empty()))
        .as("the JVM's CAs do not know the test CA");

    ManagedChannel trusted = channel(server, trusting().build());
    assertThat(listFlows(trusted, Optional.empty()).getFlowsList()).isNotNull();
  }

  @Test
  void mutualTlsNeedsAClientCertificateSignedByTheClientCa() throws IOException {
    ApiServer server = start(tls(true));

    assertFailsWith(
        Code.UNAVAILABLE, () -> listFlows(channel(server, trusting().build()), Optional.empty()));

    ManagedChannel withCert =
        channel(
            server,
            trusting().keyManager(certs.clientCert().toFile(), certs.clientKey().toFile()).build());
    assertThat(listFlows(withCert, Optional.empty()).getFlowsList()).isNotNull();
  }

  @Test
  void aDecisionMadeOverMutualTlsIsRecordedUnderTheClientCertificatesSubject() throws Exception {
    ApiServer server = start(tls(true));
    ManagedChannel withCert =
        channel(
            server,
            trusting().keyManager(certs.clientCert().toFile(), certs.clientKey().toFile()).build());
    long id =
        store.queryLong(
            "INSERT INTO ductstream.ddl_events (flow_id, ddl) VALUES ('mtls-flow', 'add column x"
                + " int') RETURNING id");

    io.ductstream.api.v1.DDLEvent approved =
        io.ductstream.api.v1.DDLServiceGrpc.newBlockingStub(withCert)
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .approveDDL(io.ductstream.api.v1.DDLEventRequest.newBuilder().setId(id).build())
            .getEvent();

    assertThat(approved.getApprovedBy()).isEqualTo("CN=ductstream-admin");
  }

  @Test
  void defaultListenAddressIsLoopbackOnly() throws IOException {
    InetAddress external = externalAddress();
    ApiServer server = start(Map.of(ServerSettings.GRPC_LISTEN, ":0"));

    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      assertThat(socket.isConnected()).isTrue();
    }
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external, server.port()), 5000);
              }
            })
        .as("%s:%s must not answer", external, server.port())
        .isInstanceOf(IOException.class);
  }

  @Test
  void everyInterfaceWithoutTlsOrAuthenticationRefusesToStart() throws IOException {
    assertThatThrownBy(() -> start(Map.of(ServerSettings.GRPC_LISTEN, "0.0.0.0:0")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_GRPC_LISTEN=0.0.0.0:0 is reachable from other machines but the API has no"
                + " TLS (set DUCTSTREAM_GRPC_TLS_CERT and DUCTSTREAM_GRPC_TLS_KEY) and no"
                + " authentication (set DUCTSTREAM_API_TOKEN or DUCTSTREAM_GRPC_TLS_CLIENT_CA);"
                + " fix that, listen on loopback (\":8080\"), or set DUCTSTREAM_GRPC_INSECURE=true"
                + " if a proxy in front provides TLS and authentication");
    Map<String, String> tlsOnly = new HashMap<>(tls(false));
    tlsOnly.put(ServerSettings.GRPC_LISTEN, "0.0.0.0:0");
    assertThatThrownBy(() -> start(tlsOnly))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("the API has no authentication (set DUCTSTREAM_API_TOKEN");

    Map<String, String> protectedEverywhere = new HashMap<>(tlsOnly);
    protectedEverywhere.put(ServerSettings.API_TOKEN, TOKEN);
    ApiServer server = start(protectedEverywhere);
    assertThat(listFlows(withToken(channel(server, trusting().build())), Optional.empty()))
        .isNotNull();

    assertThat(
            start(
                    Map.of(
                        ServerSettings.GRPC_LISTEN,
                        "0.0.0.0:0",
                        ServerSettings.GRPC_INSECURE,
                        "true"))
                .port())
        .isPositive();
  }

  @Test
  void unreadableTlsFilesAreASettingsErrorNamingTheVariable() {
    Map<String, String> env = new HashMap<>(tls(false));
    env.put(ServerSettings.GRPC_TLS_KEY, dir.resolve("missing.pem").toString());
    assertThatThrownBy(() -> start(env))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("cannot read DUCTSTREAM_GRPC_TLS_CERT=")
        .hasMessageContaining("DUCTSTREAM_GRPC_TLS_KEY=" + dir.resolve("missing.pem"));

    Map<String, String> notPem = new HashMap<>(tls(false));
    notPem.put(ServerSettings.GRPC_TLS_KEY, certs.caCert().toString());
    assertThatThrownBy(() -> start(notPem))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(
            "does not hold a usable PEM certificate chain and PKCS#8 private key");
  }

  @Test
  void aStoreFailureNeverShowsTheStoreToTheCaller() throws Exception {
    TestDatabase broken = PostgresServer.shared().createDatabase("api_security_broken_store");
    Map<String, String> settings = new HashMap<>();
    settings.put(ServerSettings.POSTGRES_DSN, broken.postgresUrl());
    settings.put(ServerSettings.GRPC_LISTEN, "127.0.0.1:0");
    ServerSettings read = ServerSettings.read(settings);
    ApiServer server = new ApiServer(read, ApiServices.create(read)).start();
    servers.add(server);
    broken.execute("DROP SCHEMA ductstream CASCADE");

    String storeAddress = broken.postgresUrl().replaceAll(".*@", "").replaceAll("\\?.*", "");
    assertFailsWith(
            Code.UNAVAILABLE,
            () -> listFlows(channel(server, InsecureChannelCredentials.create()), Optional.empty()))
        .isEqualTo(
            "the API server cannot use its store right now; retry later (the server's log has"
                + " the cause)")
        .doesNotContain(storeAddress);
  }

  private static Map<String, String> tls(boolean clientCertificates) {
    Map<String, String> env = new HashMap<>();
    env.put(ServerSettings.GRPC_TLS_CERT, certs.serverCert().toString());
    env.put(ServerSettings.GRPC_TLS_KEY, certs.serverKey().toString());
    if (clientCertificates) {
      env.put(ServerSettings.GRPC_TLS_CLIENT_CA, certs.caCert().toString());
    }
    return env;
  }

  private static TlsChannelCredentials.Builder trusting() throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(certs.caCert().toFile());
  }

  private ApiServer start(Map<String, String> env) throws IOException {
    Map<String, String> settings = new HashMap<>(env);
    settings.put(ServerSettings.POSTGRES_DSN, store.postgresUrl());
    settings.putIfAbsent(ServerSettings.GRPC_LISTEN, "127.0.0.1:0");
    ServerSettings read = ServerSettings.read(settings);
    ApiServer server = new ApiServer(read, ApiServices.create(read));
    server.start();
    servers.add(server);
    return server;
  }

  private ManagedChannel channel(ApiServer server, ChannelCredentials credentials) {
    // "localhost": the name in the test server certificate
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("localhost", server.port(), credentials).build();
    channels.add(channel);
    return channel;
  }

  private static io.grpc.Channel withToken(ManagedChannel channel) {
    Metadata headers = new Metadata();
    headers.put(BearerTokenCheck.AUTHORIZATION, "Bearer " + TOKEN);
    return io.grpc.ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static io.ductstream.api.v1.ListFlowsResponse listFlows(
      io.grpc.Channel channel, Optional<String> authorization) {
    FlowServiceGrpc.FlowServiceBlockingStub stub =
        FlowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    if (authorization.isPresent()) {
      Metadata headers = new Metadata();
      headers.put(BearerTokenCheck.AUTHORIZATION, authorization.get());
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return stub.listFlows(ListFlowsRequest.getDefaultInstance());
  }

  private static ServingStatus health(io.grpc.Channel channel) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  private static List<String> listServices(io.grpc.Channel channel)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();
    return answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
        .map(s -> s.getName())
        .toList();
  }

  /** A non-loopback IPv4 address of this machine; the test is skipped on a machine without one. */
  private static InetAddress externalAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return address;
        }
      }
    }
    assumeTrue(false, "no non-loopback IPv4 address to connect through");
    return null;
  }
}
