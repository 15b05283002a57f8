package io.ductstream.controlplane.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.controlplane.RequestException;
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
  void scrubHidesTheFlowsSecretsAndUrlPasswordsInFreeText() {
    Endpoint source =
        new Endpoint(
            "pg", EndpointType.POSTGRES, Map.of("dsn", "postgres://u:pa%40ss@h/db", "slot", "s"));
    Endpoint s3 =
        new Endpoint("lake", EndpointType.S3, Map.of("access_key", "AK", "secret_key", "SK-123"));

    String trace =
        "ConnectException: login of u with pa@ss failed at postgres://u:pa%40ss@h/db;"
            + " S3 said SK-123 is wrong; also http://x:other@y:8083/connectors";

    assertThat(Secrets.scrub(trace, java.util.List.of(source, s3)))
        .isEqualTo(
            "ConnectException: login of u with *** failed at postgres://u:***@h/db;"
                + " S3 said *** is wrong; also http://x:***@y:8083/connectors");
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
  void keepStoredReplacesTheMaskForTheSameHostPortAndUser() {
    Endpoint stored =
        new Endpoint("pg", EndpointType.POSTGRES, Map.of("dsn", "postgres://u:old%2Fpw@h:5433/db"));
    Endpoint incoming =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of("dsn", "postgres://u:***@H:5433/db2?sslmode=require", "slot", "s"));

    assertThat(Secrets.keepStored(incoming, stored, "source.options").options())
        .containsEntry("dsn", "postgres://u:old%2Fpw@H:5433/db2?sslmode=require");
  }

  @Test
  void keepStoredRefusesToSendTheStoredPasswordToAnotherHostPortOrUser() {
    Endpoint stored =
        new Endpoint("pg", EndpointType.POSTGRES, Map.of("dsn", "postgres://u:old%2Fpw@h/db"));

    for (String dsn :
        new String[] {
          "postgres://u:***@evil.example/db", "postgres://u:***@h:6543/db", "postgres://x:***@h/db"
        }) {
      Endpoint incoming = new Endpoint("pg", EndpointType.POSTGRES, Map.of("dsn", dsn));
      assertThatThrownBy(() -> Secrets.keepStored(incoming, stored, "source.options"))
          .as(dsn)
          .isInstanceOfSatisfying(
              RequestException.class,
              e -> assertThat(e.kind()).isEqualTo(RequestException.Kind.INVALID))
          .hasMessageStartingWith("source.options.dsn is masked (***) but the ")
          .hasMessageEndingWith(
              "changed; a stored secret is reused only for the same server and account, so send"
                  + " the secret itself")
          .hasMessageNotContaining("old");
    }
  }

  @Test
  void keepStoredRefusesAMaskedPasswordOptionWhenTheHostChanges() {
    Endpoint stored =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of("host", "db", "user", "app", "database", "app", "password", "pw"));
    Endpoint sameHost =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of("host", "db", "user", "app", "database", "other", "password", "***"));
    Endpoint otherHost =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of("host", "evil", "user", "app", "database", "app", "password", "***"));

    assertThat(Secrets.keepStored(sameHost, stored, "source.options").options())
        .containsEntry("password", "pw");
    assertThatThrownBy(() -> Secrets.keepStored(otherHost, stored, "source.options"))
        .hasMessage(
            "source.options.password is masked (***) but the host changed; a stored secret is"
                + " reused only for the same server and account, so send the secret itself");
  }

  @Test
  void keepStoredRefusesAMaskedS3SecretForAnotherEndpointAccessKeyOrRegion() {
    Endpoint stored =
        new Endpoint(
            "lake",
            EndpointType.S3,
            Map.of("bucket", "b", "access_key", "AK", "secret_key", "SK", "region", "eu-west-1"));

    assertThat(
            Secrets.keepStored(
                    stored.withOption("secret_key", "***").withOption("prefix", "p"),
                    stored,
                    "destinations[0].options")
                .options())
        .containsEntry("secret_key", "SK");
    assertThatThrownBy(
            () ->
                Secrets.keepStored(
                    stored
                        .withOption("secret_key", "***")
                        .withOption("endpoint", "https://attacker.example"),
                    stored,
                    "destinations[0].options"))
        .hasMessage(
            "destinations[0].options.secret_key is masked (***) but endpoint changed; a stored"
                + " secret is reused only for the same server and account, so send the secret"
                + " itself");
    assertThatThrownBy(
            () ->
                Secrets.keepStored(
                    stored
                        .withOption("secret_key", "***")
                        .withOption("access_key", "AK2")
                        .withOption("region", "us-east-1"),
                    stored,
                    "destinations[0].options"))
        .hasMessageContaining("but access_key, region changed");
  }

  @Test
  void aMaskWithNothingStoredIsRefused() {
    Endpoint stored = new Endpoint("pg", EndpointType.POSTGRES, Map.of("dsn", "postgres://u@h/db"));
    Endpoint incoming =
        new Endpoint("pg", EndpointType.POSTGRES, Map.of("dsn", "postgres://u:***@h/db"));

    assertThatThrownBy(() -> Secrets.keepStored(incoming, stored, "source.options"))
        .hasMessage(
            "source.options.dsn has a masked (***) password but the stored one has none; send the"
                + " secret itself");
    assertThat(Secrets.firstMasked(incoming)).hasValue("dsn");
  }

  @Test
  void everySecretFormIsMasked() {
    Endpoint endpoint =
        new Endpoint(
            "pg",
            EndpointType.POSTGRES,
            Map.of(
                "dsn",
                "postgres://h/db?user=u&password=p1&sslpassword=p2&pass%77ord=p3&sslmode=require",
                "producer.override.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"x\";",
                "s3.session.token",
                "tok",
                "ssl.keystore.password",
                "ks",
                "api_key",
                "k",
                "note",
                "https://user:pw@example.com/x"));

    Map<String, String> masked = Secrets.masked(endpoint).options();
    assertThat(masked)
        .containsEntry(
            "dsn",
            "postgres://h/db?user=u&password=***&sslpassword=***&pass%77ord=***&sslmode=require")
        .containsEntry("producer.override.sasl.jaas.config", "***")
        .containsEntry("s3.session.token", "***")
        .containsEntry("ssl.keystore.password", "***")
        .containsEntry("api_key", "***")
        .containsEntry("note", "https://user:***@example.com/x");
    assertThat(masked.values().toString()).doesNotContain("p1", "p2", "p3", "tok", "ks", "\"x\"");
  }

  @Test
  void keepStoredTakesANewSecret() {
    Endpoint stored = new Endpoint("lake", EndpointType.S3, Map.of("secret_key", "old"));
    Endpoint incoming = new Endpoint("lake", EndpointType.S3, Map.of("secret_key", "new"));

    assertThat(Secrets.keepStored(incoming, stored, "destinations[0].options").options())
        .containsEntry("secret_key", "new");
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
    assertThat(Secrets.keepStored(masked, stored, "source.options").options())
        .isEqualTo(stored.options());
  }
}
