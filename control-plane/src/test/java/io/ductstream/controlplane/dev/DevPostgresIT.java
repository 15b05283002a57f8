package io.ductstream.controlplane.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.store.FlowStore;
import io.ductstream.controlplane.store.StoreMigrations;
import io.ductstream.testkit.FreePorts;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPostgresIT {
  @TempDir Path workingDirectory;

  @Test
  void flowsSurviveARestartAndLogicalReplicationIsOn() throws Exception {
    Path data = workingDirectory.resolve(DevPostgres.DEFAULT_DATA_DIRECTORY);
    int port = FreePorts.next();

    try (DevPostgres first = DevPostgres.start(data, port)) {
      assertThat(first.dsn().masked())
          .isEqualTo("postgres://postgres:***@localhost:" + port + "/postgres?sslmode=disable");
      StoreMigrations.migrate(first.dsn());
      execute(
          first.dsn(),
          "INSERT INTO ductstream.flows (id, name, source) VALUES ('kept', 'kept', '{}')");
    }

    try (DevPostgres second = DevPostgres.start(data, port)) {
      assertThat(StoreMigrations.migrate(second.dsn())).isEqualTo("5");
      assertThat(new FlowStore(second.dsn()).exists("kept")).isTrue();
      assertThat(query(second.dsn(), "SHOW wal_level")).isEqualTo("logical");
      assertThat(query(second.dsn(), "SHOW max_replication_slots")).isEqualTo("16");
    }
  }

  @Test
  void everyConnectionNeedsThePasswordInAFileOnlyItsOwnerReads() throws Exception {
    Path data = workingDirectory.resolve(DevPostgres.DEFAULT_DATA_DIRECTORY);
    int port = FreePorts.next();

    try (DevPostgres dev = DevPostgres.start(data, port)) {
      Path passwordFile = DevPostgres.passwordFile(data);
      assertThat(java.nio.file.Files.getPosixFilePermissions(passwordFile))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      assertThat(java.nio.file.Files.readString(passwordFile).strip())
          .isEqualTo(dev.dsn().password())
          .hasSizeGreaterThanOrEqualTo(32);
      assertThat(query(dev.dsn(), "SELECT 1")).isEqualTo("1");
      assertThatThrownBy(
              () -> DriverManager.getConnection(dev.dsn().jdbcUrl(), "postgres", "").close())
          .isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(
              () -> DriverManager.getConnection(dev.dsn().jdbcUrl(), "postgres", "wrong").close())
          .hasMessageContaining("password authentication failed");
    }
    try (DevPostgres again = DevPostgres.start(data, port)) {
      assertThat(query(again.dsn(), "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void portInUseIsOneLineSayingWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(
              () -> DevPostgres.start(workingDirectory.resolve("pg"), taken.getLocalPort()))
          .isInstanceOf(DevPostgresException.class)
          .hasMessageContaining(
              "cannot start the embedded PostgreSQL on port " + taken.getLocalPort())
          .hasMessageEndingWith("pick another port with --dev-port");
    }
  }

  private static void execute(PostgresDsn dsn, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(PostgresDsn dsn, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(dsn.jdbcUrl(), dsn.user(), dsn.password());
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
