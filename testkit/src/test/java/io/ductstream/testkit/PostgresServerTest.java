package io.ductstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@code DUCTSTREAM_TEST_PG_DSN} is read. */
class PostgresServerTest {

  @Test
  void postgresUrlGivesHostPortUserAndDatabase() {
    PostgresServer server =
        PostgresServer.external("postgres://ci:pw@db.local:5433/tests?sslmode=disable");
    assertThat(server.host()).isEqualTo("db.local");
    assertThat(server.port()).isEqualTo(5433);
  }

  @Test
  void jdbcUrlAndDefaultPortAreAccepted() {
    PostgresServer server = PostgresServer.external("jdbc:postgresql://localhost/postgres");
    assertThat(server.host()).isEqualTo("localhost");
    assertThat(server.port()).isEqualTo(5432);
  }

  @Test
  void urlWithoutHostSaysWhatItShouldLookLike() {
    assertThatThrownBy(() -> PostgresServer.external("localhost:5432"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "DUCTSTREAM_TEST_PG_DSN must look like postgres://user:pass@host:port/db");
  }
}
