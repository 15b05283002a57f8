package io.ductstream.controlplane.server;

import static io.ductstream.controlplane.server.GrpcAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.api.v1.ConnectorConfig;
import io.ductstream.api.v1.CreateFlowRequest;
import io.ductstream.api.v1.Endpoint;
import io.ductstream.api.v1.EndpointType;
import io.ductstream.api.v1.Flow;
import io.ductstream.api.v1.GetFlowRequest;
import io.ductstream.api.v1.RenderConnectorConfigsRequest;
import io.ductstream.api.v1.UpdateFlowRequest;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import io.grpc.Status.Code;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DUCTSTREAM_SECRETS_KEY: the store holds flow secrets encrypted; the API works as before. */
class SecretsAtRestIT {
  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  static final String OTHER_KEY =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  private static TestDatabase store;

  @BeforeAll
  static void createStore() {
    store = PostgresServer.shared().createDatabase("secrets_at_rest_it");
  }

  static Flow flow(String name) {
    return FlowServiceIT.kafkaFlow(name).toBuilder()
        .addDestinations(
            Endpoint.newBuilder()
                .setName("lake")
                .setType(EndpointType.ENDPOINT_TYPE_S3)
                .putOptions("bucket", "lake")
                .putOptions("format", "parquet")
                .putOptions("access_key", "AKIA1")
                .putOptions("secret_key", "very-secret"))
        .build();
  }

  @Test
  void secretsAreEncryptedInTheStoreAndWorkAsBeforeThroughTheApi() throws Exception {
    try (RunningApiServer server =
        RunningApiServer.start(store, Map.of(ServerSettings.SECRETS_KEY, KEY))) {
      Flow created =
          server
              .flows()
              .createFlow(CreateFlowRequest.newBuilder().setFlow(flow("encrypted")).build());

      String stored = storedOptions(created.getId());
      assertThat(stored).doesNotContain("s3cret", "very-secret").contains("enc:v1:", "AKIA1");
      assertThat(created.getSource().getOptionsMap())
          .containsEntry("dsn", "postgres://app:***@db.internal:5432/app");

      Flow edited =
          created.toBuilder()
              .setDestinations(
                  1, created.getDestinations(1).toBuilder().putOptions("prefix", "cdc"))
              .build();
      server.flows().updateFlow(UpdateFlowRequest.newBuilder().setFlow(edited).build());
      assertThat(storedOptions(created.getId()))
          .doesNotContain("s3cret", "very-secret", "***")
          .contains("cdc");

      Map<String, String> sink =
          server
              .flows()
              .renderConnectorConfigs(
                  RenderConnectorConfigsRequest.newBuilder().setFlowId(created.getId()).build())
              .getConnectorsList()
              .stream()
              .filter(c -> c.getName().endsWith("-s3-lake"))
              .map(ConnectorConfig::getConfigMap)
              .findFirst()
              .orElseThrow();
      assertThat(sink)
          .containsEntry("s3.secret.access.key", "***")
          .containsEntry("s3.prefix", "cdc");
    }
  }

  @Test
  void aServerWithoutTheKeyOrWithAnotherOneCannotReadThemAndSaysSoOnlyInItsLog() throws Exception {
    String id;
    try (RunningApiServer server =
        RunningApiServer.start(store, Map.of(ServerSettings.SECRETS_KEY, KEY))) {
      id =
          server
              .flows()
              .createFlow(CreateFlowRequest.newBuilder().setFlow(flow("locked")).build())
              .getId();
    }
    for (Map<String, String> env :
        new Map[] {Map.of(), Map.of(ServerSettings.SECRETS_KEY, OTHER_KEY)}) {
      try (RunningApiServer server = RunningApiServer.start(store, env)) {
        assertFailsWith(
                Code.UNAVAILABLE,
                () -> server.flows().getFlow(GetFlowRequest.newBuilder().setFlowId(id).build()))
            .startsWith("the API server cannot use its store right now");
      }
    }
  }

  private static String storedOptions(String id) throws Exception {
    try (Connection connection = store.connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT source::text || destinations::text FROM ductstream.flows WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
