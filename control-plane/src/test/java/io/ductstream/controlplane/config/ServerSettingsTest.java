package io.ductstream.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.format.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerSettingsTest {

  @Test
  void emptyEnvironmentGivesTheDefaultsAndNoStore() {
    ServerSettings settings = ServerSettings.read(Map.of());

    assertThat(settings.postgresDsn()).isEmpty();
    assertThat(settings.grpcListen()).isEqualTo(new ListenAddress("", 8080));
    assertThat(settings.wireFormat()).isEqualTo(WireFormat.ARROW);
    assertThat(settings.wireEnforce()).isTrue();
  }

  @Test
  void readsEveryVariable() {
    ServerSettings settings =
        ServerSettings.read(
            Map.of(
                "DUCTSTREAM_POSTGRES_DSN",
                    "postgres://app:secret@db.internal:6543/ductstream?sslmode=require",
                "DUCTSTREAM_GRPC_LISTEN", "127.0.0.1:9090",
                "DUCTSTREAM_WIRE_FORMAT", "Parquet",
                "DUCTSTREAM_WIRE_ENFORCE", "no"));

    assertThat(settings.postgresDsn())
        .hasValue(
            new PostgresDsn(
                "db.internal", 6543, "ductstream", "app", "secret", Map.of("sslmode", "require")));
    assertThat(settings.grpcListen()).isEqualTo(new ListenAddress("127.0.0.1", 9090));
    assertThat(settings.wireFormat()).isEqualTo(WireFormat.PARQUET);
    assertThat(settings.wireEnforce()).isFalse();
  }

  @Test
  void blankValuesTakeTheDefaults() {
    ServerSettings settings =
        ServerSettings.read(
            Map.of(
                "DUCTSTREAM_GRPC_LISTEN",
                " ",
                "DUCTSTREAM_WIRE_FORMAT",
                "",
                "DUCTSTREAM_POSTGRES_DSN",
                ""));

    assertThat(settings.grpcListen().port()).isEqualTo(8080);
    assertThat(settings.wireFormat()).isEqualTo(WireFormat.ARROW);
    assertThat(settings.postgresDsn()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"1,true", "true,true", "YES,true", "yes,true", "0,false", "false,false", "No,false"})
  void booleansAcceptOneTrueYesAndZeroFalseNo(String value, boolean expected) {
    assertThat(ServerSettings.read(Map.of("DUCTSTREAM_WIRE_ENFORCE", value)).wireEnforce())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"arrow,ARROW", "parquet,PARQUET", "AVRO,AVRO", "proto,PROTO", "Json,JSON"})
  void wireFormatIsCaseInsensitive(String value, WireFormat expected) {
    assertThat(ServerSettings.read(Map.of("DUCTSTREAM_WIRE_FORMAT", value)).wireFormat())
        .isEqualTo(expected);
  }

  @Test
  void missingDsnSaysHowToSetItWhenRequired() {
    ServerSettings settings = ServerSettings.read(Map.of());

    assertThatThrownBy(settings::requirePostgresDsn)
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_POSTGRES_DSN is not set; set it to the store database, e.g."
                + " DUCTSTREAM_POSTGRES_DSN=\"postgres://user:pass@host:5432/db?sslmode=disable\" (or run"
                + " bin/ductstream --dev for a local one)");
  }

  @Test
  void listenAddressWithoutNumericPortNamesTheVariableAndTheFix() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_GRPC_LISTEN", ":x")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_GRPC_LISTEN=\":x\" is not a listen address (the port is not a number);"
                + " use \":8080\" (loopback only), \"host:port\" or \"0.0.0.0:8080\" (every interface)");
  }

  @Test
  void listenAddressWithoutPortIsRefused() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_GRPC_LISTEN", "8080")))
        .hasMessage(
            "DUCTSTREAM_GRPC_LISTEN=\"8080\" is not a listen address (it has no port);"
                + " use \":8080\" (loopback only), \"host:port\" or \"0.0.0.0:8080\" (every interface)");
  }

  @Test
  void listenAddressWithPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_GRPC_LISTEN", ":70000")))
        .hasMessage(
            "DUCTSTREAM_GRPC_LISTEN=\":70000\" is not a listen address (port must be from 0 to 65535);"
                + " use \":8080\" (loopback only), \"host:port\" or \"0.0.0.0:8080\" (every interface)");
  }

  @Test
  void listenAddressWithBareIpv6HostIsRefused() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_GRPC_LISTEN", "::1:8080")))
        .hasMessage(
            "DUCTSTREAM_GRPC_LISTEN=\"::1:8080\" is not a listen address (write an IPv6 host in brackets, e.g. [::1]:8080);"
                + " use \":8080\" (loopback only), \"host:port\" or \"0.0.0.0:8080\" (every interface)");
  }

  @Test
  void apiAccessIsOffByDefault() {
    ApiAccess access = ServerSettings.read(Map.of()).apiAccess();

    assertThat(access.tls()).isEmpty();
    assertThat(access.token()).isEmpty();
    assertThat(access.reflection()).isFalse();
    assertThat(access.insecure()).isFalse();
    assertThat(access.authenticates()).isFalse();
  }

  @Test
  void readsTlsTokenReflectionAndInsecure() {
    ServerSettings settings =
        ServerSettings.read(
            Map.of(
                "DUCTSTREAM_GRPC_TLS_CERT", "/etc/ductstream/tls.crt",
                "DUCTSTREAM_GRPC_TLS_KEY", "/etc/ductstream/tls.key",
                "DUCTSTREAM_GRPC_TLS_CLIENT_CA", "/etc/ductstream/clients.pem",
                "DUCTSTREAM_API_TOKEN", "0123456789abcdef0123",
                "DUCTSTREAM_GRPC_REFLECTION", "yes",
                "DUCTSTREAM_GRPC_INSECURE", "1"));

    ApiAccess access = settings.apiAccess();
    assertThat(access.tls())
        .hasValue(
            new TlsFiles(
                Path.of("/etc/ductstream/tls.crt"),
                Path.of("/etc/ductstream/tls.key"),
                Optional.of(Path.of("/etc/ductstream/clients.pem"))));
    assertThat(access.token()).hasValue("0123456789abcdef0123");
    assertThat(access.reflection()).isTrue();
    assertThat(access.insecure()).isTrue();
    assertThat(settings.toString()).doesNotContain("0123456789abcdef0123").contains("token=***");
  }

  @Test
  void tlsCertWithoutKeyIsRefused() {
    assertThatThrownBy(
            () -> ServerSettings.read(Map.of("DUCTSTREAM_GRPC_TLS_CERT", "/etc/tls.crt")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_GRPC_TLS_KEY is not set but DUCTSTREAM_GRPC_TLS_CERT is; set both (the"
                + " server's PEM certificate chain and its PKCS#8 private key)");
  }

  @Test
  void clientCaWithoutTlsIsRefused() {
    assertThatThrownBy(
            () -> ServerSettings.read(Map.of("DUCTSTREAM_GRPC_TLS_CLIENT_CA", "/etc/ca.pem")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_GRPC_TLS_CLIENT_CA needs TLS; set DUCTSTREAM_GRPC_TLS_CERT and"
                + " DUCTSTREAM_GRPC_TLS_KEY too");
  }

  @Test
  void shortOrUnprintableTokenIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_API_TOKEN", "secret")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_API_TOKEN is shorter than 16 characters; use a random one, e.g. $(openssl"
                + " rand -hex 32)")
        .message()
        .doesNotContain("secret");
    assertThatThrownBy(
            () -> ServerSettings.read(Map.of("DUCTSTREAM_API_TOKEN", "0123456789 abcdef0123")))
        .hasMessageStartingWith("DUCTSTREAM_API_TOKEN may hold only printable ASCII");
  }

  @Test
  void secretsKeyIsRead32BytesOfBase64AndNeverRepeated() {
    String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    ServerSettings settings = ServerSettings.read(Map.of("DUCTSTREAM_SECRETS_KEY", key));
    assertThat(settings.secretsKey()).isPresent();
    assertThat(settings.toString()).doesNotContain(key).contains("secretsKey=***");

    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_SECRETS_KEY", "c2hvcnQta2V5")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_SECRETS_KEY is not a key (it holds 9 bytes, not 32 (an AES-256 key)); make"
                + " one with: openssl rand -base64 32");
  }

  @Test
  void reconcileIntervalDefaultsToTenSecondsAndTakesDurations() {
    assertThat(ServerSettings.read(Map.of()).reconcileInterval())
        .isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(
            ServerSettings.read(Map.of("DUCTSTREAM_RECONCILE_INTERVAL", "1m30s"))
                .reconcileInterval())
        .isEqualTo(java.time.Duration.ofSeconds(90));
  }

  @ParameterizedTest
  @CsvSource({"10", "500ms", "2h", "soon"})
  void reconcileIntervalOutsideOneSecondToOneHourIsRefused(String value) {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_RECONCILE_INTERVAL", value)))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_RECONCILE_INTERVAL=\""
                + value
                + "\" is not a duration from 1s to 1h; use e.g. \"10s\" or \"1m\"");
  }

  @Test
  void unknownWireFormatListsTheChoices() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_WIRE_FORMAT", "xml")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_WIRE_FORMAT=\"xml\" is not a wire format; use one of arrow | parquet | avro | proto | json");
  }

  @Test
  void unknownBooleanSaysWhichSpellingsWork() {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_WIRE_ENFORCE", "maybe")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_WIRE_ENFORCE=\"maybe\" is not a boolean; use true or false (also 1/0, yes/no)");
  }

  @Test
  void malformedDsnIsRefusedWithoutRepeatingTheValue() {
    assertThatThrownBy(
            () ->
                ServerSettings.read(
                    Map.of("DUCTSTREAM_POSTGRES_DSN", "mysql://root:hunter2@db/app")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_POSTGRES_DSN is not a PostgreSQL URL (it does not start with postgres://,"
                + " postgresql:// or jdbc:postgresql://); use"
                + " \"postgres://user:pass@host:5432/db?sslmode=disable\"")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void dsnWithBadPortIsRefusedWithoutRepeatingThePassword() {
    assertThatThrownBy(
            () ->
                ServerSettings.read(
                    Map.of("DUCTSTREAM_POSTGRES_DSN", "postgres://u:hunter2@db:port/app")))
        .hasMessageStartingWith(
            "DUCTSTREAM_POSTGRES_DSN is not a PostgreSQL URL (its port is not a number)")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void toStringMasksTheStorePassword() {
    ServerSettings settings =
        ServerSettings.read(Map.of("DUCTSTREAM_POSTGRES_DSN", "postgres://u:hunter2@db/app"));

    assertThat(settings.toString())
        .contains("postgres://u:***@db:5432/app")
        .doesNotContain("hunter2");
  }

  @Test
  void connectUrlIsOptionalAndMaskedWhenItHasCredentials() {
    assertThat(ServerSettings.read(Map.of()).connectUrl()).isEmpty();

    ServerSettings settings =
        ServerSettings.read(
            Map.of(
                "DUCTSTREAM_CONNECT_URL", "https://admin:hunter2@connect.internal:8083",
                "DUCTSTREAM_CONNECT_BOOTSTRAP_SERVERS", "kafka:9092"));

    assertThat(settings.connectUrl())
        .hasValue(java.net.URI.create("https://admin:hunter2@connect.internal:8083"));
    assertThat(settings.maskedConnectUrl()).hasValue("https://admin:***@connect.internal:8083");
    assertThat(settings.connectBootstrapServers()).hasValue("kafka:9092");
    assertThat(settings.toString())
        .contains("https://admin:***@connect.internal:8083")
        .doesNotContain("hunter2");
  }

  @Test
  void connectUrlThatIsNotHttpIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(
            () -> ServerSettings.read(Map.of("DUCTSTREAM_CONNECT_URL", "connect:hunter2@8083")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_CONNECT_URL is not an http(s) URL; set it to a Kafka Connect worker's REST"
                + " API, e.g. \"http://connect:8083\"");
  }

  @Test
  void ddlSettingsDefaultToEverySwitchOffAndTheCatalogCheckOfPublicEvery30s() {
    assertThat(ServerSettings.read(Map.of()).ddl()).isEqualTo(DdlSettings.defaults());
    assertThat(DdlSettings.defaults())
        .isEqualTo(
            new DdlSettings(false, false, false, false, Duration.ofSeconds(30), List.of("public")));
  }

  @Test
  void readsEveryDdlVariable() {
    DdlSettings ddl =
        ServerSettings.read(
                Map.of(
                    "DUCTSTREAM_DDL_GATE", "yes",
                    "DUCTSTREAM_DDL_AUTO_APPROVE", "1",
                    "DUCTSTREAM_DDL_AUTO_APPLY", "TRUE",
                    "DUCTSTREAM_DDL_CATALOG_ENABLED", "true",
                    "DUCTSTREAM_DDL_CATALOG_INTERVAL", "1m",
                    "DUCTSTREAM_DDL_CATALOG_SCHEMAS", " public, sales ,public"))
            .ddl();

    assertThat(ddl)
        .isEqualTo(
            new DdlSettings(
                true, true, true, true, Duration.ofMinutes(1), List.of("public", "sales")));
    assertThat(
            ServerSettings.read(
                    Map.of("DUCTSTREAM_DDL_GATE", "no", "DUCTSTREAM_DDL_AUTO_APPLY", "0"))
                .ddl())
        .isEqualTo(DdlSettings.defaults());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "DUCTSTREAM_DDL_GATE",
        "DUCTSTREAM_DDL_AUTO_APPROVE",
        "DUCTSTREAM_DDL_AUTO_APPLY",
        "DUCTSTREAM_DDL_CATALOG_ENABLED"
      })
  void aDdlSwitchThatIsNotABooleanIsRefusedNamingIt(String name) {
    assertThatThrownBy(() -> ServerSettings.read(Map.of(name, "maybe")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(name + "=\"maybe\" is not a boolean; use true or false (also 1/0, yes/no)");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"500ms", "0s", "soon", "25h", "-1s"})
  void aCatalogIntervalOutside1sTo24hIsRefused(String value) {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_DDL_CATALOG_INTERVAL", value)))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "DUCTSTREAM_DDL_CATALOG_INTERVAL=\""
                + value
                + "\" is not a duration from 1s to 24h; use e.g. \"30s\" or \"5m\"");
    assertThat(
            ServerSettings.read(Map.of("DUCTSTREAM_DDL_CATALOG_INTERVAL", "1s"))
                .ddl()
                .catalogInterval())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"public,", "Public", "public;drop", "1st", "a b"})
  void catalogSchemasThatAreNotIdentifiersAreRefused(String value) {
    assertThatThrownBy(() -> ServerSettings.read(Map.of("DUCTSTREAM_DDL_CATALOG_SCHEMAS", value)))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("DUCTSTREAM_DDL_CATALOG_SCHEMAS=\"" + value + "\" holds ")
        .hasMessageContaining("is not a schema name");
  }
}
