package io.ductstream.contract.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresDsnTest {

  @Test
  void aRemoteServerWhoseIdentityIsNotVerifiedIsARisk() {
    assertThat(PostgresDsn.parse("postgres://u:p@db.example.com/app").unverifiedTls())
        .hasValueSatisfying(
            risk ->
                assertThat(risk)
                    .contains("db.example.com:5432")
                    .contains("sslmode=prefer, pgjdbc's default")
                    .contains("sslmode=verify-full")
                    .doesNotContain("p@"));
    assertThat(PostgresDsn.parse("postgres://u:p@10.0.0.7/app?sslmode=require").unverifiedTls())
        .hasValueSatisfying(risk -> assertThat(risk).contains("sslmode=require)"));
    assertThat(
            PostgresDsn.parse("postgres://u:p@db.example.com/app?sslmode=verify-full")
                .unverifiedTls())
        .isEmpty();
    assertThat(PostgresDsn.parse("postgres://u:p@db/app?sslmode=verify-ca").unverifiedTls())
        .isEmpty();
    assertThat(PostgresDsn.parse("postgres://u:p@localhost/app?sslmode=disable").unverifiedTls())
        .isEmpty();
    assertThat(PostgresDsn.parse("postgres://u:p@127.0.0.1:5433/app").unverifiedTls()).isEmpty();
  }

  @Test
  void parsesPostgresUrl() {
    PostgresDsn dsn =
        PostgresDsn.parse(
            "postgres://user:pass@localhost:5433/ductstream?sslmode=disable&connect_timeout=5");

    assertThat(dsn.host()).isEqualTo("localhost");
    assertThat(dsn.port()).isEqualTo(5433);
    assertThat(dsn.database()).isEqualTo("ductstream");
    assertThat(dsn.user()).isEqualTo("user");
    assertThat(dsn.password()).isEqualTo("pass");
    assertThat(dsn.parameters())
        .containsExactly(Map.entry("sslmode", "disable"), Map.entry("connectTimeout", "5"));
    assertThat(dsn.jdbcUrl())
        .as("libpq's connect_timeout under pgjdbc's name")
        .isEqualTo("jdbc:postgresql://localhost:5433/ductstream?sslmode=disable&connectTimeout=5");
  }

  @Test
  void postgresqlSchemeAndDefaultPort() {
    PostgresDsn dsn = PostgresDsn.parse("postgresql://app@db.example.com/orders");

    assertThat(dsn.port()).isEqualTo(5432);
    assertThat(dsn.user()).isEqualTo("app");
    assertThat(dsn.password()).isEmpty();
    assertThat(dsn.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/orders");
  }

  @Test
  void percentDecodesUserPasswordDatabaseAndParameters() {
    PostgresDsn dsn =
        PostgresDsn.parse(
            "postgres://us%40er:p%3Ass%2Fw%C3%B6rd+1@host/my%20db?application_name=duct%20stream");

    assertThat(dsn.user()).isEqualTo("us@er");
    assertThat(dsn.password()).isEqualTo("p:ss/wörd+1");
    assertThat(dsn.database()).isEqualTo("my db");
    assertThat(dsn.parameters()).containsEntry("ApplicationName", "duct stream");
    assertThat(dsn.jdbcUrl())
        .isEqualTo("jdbc:postgresql://host:5432/my%20db?ApplicationName=duct%20stream");
  }

  @Test
  void unencodedAtSignInPasswordSplitsAtTheLastOne() {
    PostgresDsn dsn = PostgresDsn.parse("postgres://user:p@ss@host:5432/db");

    assertThat(dsn.password()).isEqualTo("p@ss");
    assertThat(dsn.host()).isEqualTo("host");
  }

  @Test
  void acceptsJdbcUrlWithCredentialsAsParameters() {
    PostgresDsn dsn =
        PostgresDsn.parse(
            "jdbc:postgresql://pg:6432/app?user=svc&password=s%26cret&sslmode=verify-full");

    assertThat(dsn.user()).isEqualTo("svc");
    assertThat(dsn.password()).isEqualTo("s&cret");
    assertThat(dsn.parameters()).containsExactly(Map.entry("sslmode", "verify-full"));
    assertThat(dsn.jdbcUrl()).isEqualTo("jdbc:postgresql://pg:6432/app?sslmode=verify-full");
    assertThat(dsn.masked()).isEqualTo("postgres://svc:***@pg:6432/app?sslmode=verify-full");
  }

  @Test
  void ipv6Host() {
    PostgresDsn dsn = PostgresDsn.parse("postgres://u@[::1]:5444/db");

    assertThat(dsn.host()).isEqualTo("::1");
    assertThat(dsn.port()).isEqualTo(5444);
    assertThat(dsn.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5444/db");
  }

  @Test
  void missingDatabaseDefaultsToTheUserName() {
    assertThat(PostgresDsn.parse("postgres://alice@host").database()).isEqualTo("alice");
    assertThat(PostgresDsn.parse("postgres://host:5432").database()).isEqualTo("postgres");
  }

  @Test
  void maskedHidesThePasswordAndKeepsTheRest() {
    PostgresDsn dsn =
        PostgresDsn.parse("postgres://user:hunter2@localhost:5432/ductstream?sslmode=disable");

    assertThat(dsn.masked())
        .isEqualTo("postgres://user:***@localhost:5432/ductstream?sslmode=disable");
    assertThat(dsn.toString()).isEqualTo(dsn.masked());
  }

  @Test
  void maskedWithoutPasswordShowsNoMask() {
    assertThat(
            PostgresDsn.parse("postgres://postgres@localhost:54329/postgres?sslmode=disable")
                .masked())
        .isEqualTo("postgres://postgres@localhost:54329/postgres?sslmode=disable");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgres://user:hunter2@host/db",
        "postgres://user:hunter2@host:5432/db?sslmode=require",
        "jdbc:postgresql://host/db?password=hunter2&user=user",
        "postgres://user:hun%74er2@host/db",
        "postgres://host/db?user=user&password=hunter2&sslmode=require",
        "postgresql://host/db?password=hunter2&user=user"
      })
  void passwordNeverAppearsInMaskedOrToString(String url) {
    PostgresDsn dsn = PostgresDsn.parse(url);

    assertThat(dsn.password()).isEqualTo("hunter2");
    assertThat(dsn.masked()).doesNotContain("hunter2").contains(":***@");
    assertThat(dsn.toString()).doesNotContain("hunter2");
    assertThat(dsn.jdbcUrl()).doesNotContain("hunter2");
  }

  @Test
  void secretParametersAreMaskedToo() {
    PostgresDsn dsn =
        PostgresDsn.parse(
            "postgres://u@host/db?sslmode=verify-full&sslpassword=keypass&sslkey=/k.pk8");

    assertThat(dsn.masked())
        .isEqualTo("postgres://u@host:5432/db?sslmode=verify-full&sslpassword=***&sslkey=***");
  }

  @Test
  void refusesOtherSchemes() {
    assertThatThrownBy(() -> PostgresDsn.parse("mysql://u:p@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("it does not start with postgres://, postgresql:// or jdbc:postgresql://");
  }

  @Test
  void refusesMissingHost() {
    assertThatThrownBy(() -> PostgresDsn.parse("postgres:///db")).hasMessage("it has no host");
  }

  @Test
  void refusesBadPorts() {
    assertThatThrownBy(() -> PostgresDsn.parse("postgres://h:abc/db"))
        .hasMessage("its port is not a number");
    assertThatThrownBy(() -> PostgresDsn.parse("postgres://h:0/db"))
        .hasMessage("its port is not from 1 to 65535");
  }

  @Test
  void refusesBrokenPercentEscapeWithoutShowingThePassword() {
    assertThatThrownBy(() -> PostgresDsn.parse("postgres://u:hunter2%zz@h/db"))
        .hasMessage("its password has a % that is not followed by two hex digits")
        .message()
        .doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sslfactory=org.postgresql.ssl.NonValidatingFactory",
        "socketFactory=org.example.Evil",
        "options=-c%20standard_conforming_strings=off",
        "replication=database",
        "preferQueryMode=simple",
        "binaryTransfer=true",
        "authenticationPluginClassName=org.example.Evil",
        "loggerFile=/tmp/pg.log",
        "currentSchema=evil"
      })
  void parametersThatOverrideTheSessionOrLoadCodeAreRefused(String parameter) {
    String name = parameter.substring(0, parameter.indexOf('='));
    assertThatThrownBy(
            () -> PostgresDsn.parse("postgres://u:secret@db/app?sslmode=require&" + parameter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("its parameter " + name + " is not accepted")
        .hasMessageContaining("sslrootcert")
        .message()
        .doesNotContain("secret");
    assertThat(PostgresDsn.read("postgres://u@db/app?" + parameter).parameters()).containsKey(name);
  }

  @Test
  void tlsTimeoutAndKerberosParametersAreAccepted() {
    PostgresDsn dsn =
        PostgresDsn.parse(
            "postgres://u@db/app?sslmode=verify-full&sslrootcert=/etc/pg/ca.crt&sslcert=/etc/pg/c.crt"
                + "&sslkey=/etc/pg/c.pk8&connectTimeout=5&tcpKeepAlive=true&ApplicationName=cdc"
                + "&gssEncMode=disable&targetServerType=primary");
    assertThat(dsn.parameters()).hasSize(9).containsEntry("sslrootcert", "/etc/pg/ca.crt");
  }
}
