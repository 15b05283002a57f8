package io.ductstream.controlplane.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void maskUrlHidesOnlyThePassword() {
    assertThat(Secrets.maskUrl("postgres://app:s3cr%40t@db:5432/orders?sslmode=require"))
        .isEqualTo("postgres://app:***@db:5432/orders?sslmode=require");
    assertThat(Secrets.maskUrl("postgres://app@db/orders")).isEqualTo("postgres://app@db/orders");
    assertThat(Secrets.maskUrl("jdbc:postgresql://db/orders?user=app&password=pw&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/orders?user=app&password=***&ssl=true");
    assertThat(Secrets.maskUrl("postgres://app:p@ss@db/orders"))
        .isEqualTo("postgres://app:***@db/orders");
  }

  @Test
  void maskedEndpointHidesDsnPasswordAndSecretKeys() {
    Endpoint source =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of("dsn", "postgres://u:pw@h/db", "password", "pw", "slot", "s"));
    Endpoint s3 =
        new Endpoint("lake", EndpointType.S3, Map.of("access_key", "AK", "secret_key", "SK"));

    assertThat(Secrets.masked(source).options())
        .containsEntry("dsn", "postgres://u:***@h/db")
        .containsEntry("password", "***")
        .containsEntry("slot", "s");
    assertThat(Secrets.masked(s3).options())
        .containsEntry("access_key", "AK")
        .containsEntry("secret_key", "***");
  }

  @Test
  void keepStoredReplacesTheMaskWithTheStoredSecret() {
    Endpoint stored =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of("dsn", "postgres://u:old%2Fpw@h/db", "password", "x"));
    Endpoint incoming =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of("dsn", "postgres://u:***@h2/db2", "password", "***"));

    assertThat(Secrets.keepStored(incoming, stored).options())
        .containsEntry("dsn", "postgres://u:old%2Fpw@h2/db2")
        .containsEntry("password", "x");
  }

  @Test
  void keepStoredTakesANewSecret() {
    Endpoint stored = new Endpoint("lake", EndpointType.S3, Map.of("secret_key", "old"));
    Endpoint incoming = new Endpoint("lake", EndpointType.S3, Map.of("secret_key", "new"));

    assertThat(Secrets.keepStored(incoming, stored).options()).containsEntry("secret_key", "new");
  }

  @Test
  void connectorKeysPassedThroughAreMaskedAndKeptToo() {
    Endpoint stored =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of(
                "database.password", "pw1",
                "database.dsn", "postgres://app:pw2@db/app",
                "s3.secret.access.key", "sk",
                "numeric.mode", "string"));

    Endpoint masked = Secrets.masked(stored);

    assertThat(masked.options())
        .containsEntry("database.password", "***")
        .containsEntry("database.dsn", "postgres://app:***@db/app")
        .containsEntry("s3.secret.access.key", "***")
        .containsEntry("numeric.mode", "string");
    assertThat(Secrets.keepStored(masked, stored).options()).isEqualTo(stored.options());
  }
}
