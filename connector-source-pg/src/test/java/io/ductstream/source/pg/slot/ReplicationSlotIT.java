package io.ductstream.source.pg.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.source.pg.config.PostgresSourceConfig;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** The slot's one owner against a real server: state, creation (twice), export, drop, waiting. */
class ReplicationSlotIT {
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    db = PostgresServer.shared().createDatabase("slotowner");
    db.execute("CREATE TABLE t (id int PRIMARY KEY)", "CREATE PUBLICATION owner_pub FOR TABLE t");
  }

  private static ReplicationSlot slot(String name, boolean create) {
    Map<String, String> props = new HashMap<>();
    props.put("database.dsn", db.postgresUrl());
    props.put("slot.name", name);
    props.put("slot.create", Boolean.toString(create));
    props.put("publication.name", "owner_pub");
    props.put("topic.prefix", "owner");
    return new ReplicationSlot(new PostgresSourceConfig(props));
  }

  private static int serverVersion(Connection c) throws Exception {
    try (var s = c.createStatement();
        var rows = s.executeQuery("SHOW server_version_num")) {
      rows.next();
      return Integer.parseInt(rows.getString(1));
    }
  }

  @Test
  void aSlotCreatedTwiceIsThereOnceAndTheSecondCreationIsNoError() throws Exception {
    ReplicationSlot slot = slot("owner_twice", true);
    try (Connection c = db.connect()) {
      int version = serverVersion(c);
      assertThat(slot.state(c, version).exists()).isFalse();
      assertThat(slot.create(c)).as("created").isTrue();
      assertThat(slot.create(c)).as("created meanwhile: not an error").isFalse();
      SlotState state = slot.state(c, version);
      assertThat(state.exists()).isTrue();
      assertThat(state.confirmedLsn()).isPositive();
      assertThat(state.lost()).isFalse();
      assertThat(slot.createExporting(version))
          .as("the slot exists: nothing to export, the caller reads the tables as they are")
          .isEmpty();
    }
  }

  @Test
  void anExportingCreationHandsOverTheSnapshotAndRefusesWithoutSlotCreate() throws Exception {
    try (Connection c = db.connect()) {
      int version = serverVersion(c);
      assertThatThrownBy(() -> slot("owner_refused", false).createExporting(version))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("does not exist and slot.create=false")
          .hasMessageContaining("pg_create_logical_replication_slot('owner_refused', 'pgoutput')");
      ReplicationSlot slot = slot("owner_export", true);
      Optional<SlotExport> export = slot.createExporting(version);
      assertThat(export).isPresent();
      try (SlotExport created = export.get()) {
        assertThat(created.snapshotName()).isNotBlank();
        assertThat(created.consistentLsn()).isPositive();
      }
      assertThat(slot.dropLost()).isEqualTo(SlotState.MISSING);
      assertThat(slot.state(c, version).exists()).isFalse();
    }
  }

  @Test
  void aSlotHeldByAnotherConnectionIsWaitedForThenNamedWithTheFix() throws Exception {
    ReplicationSlot slot = slot("owner_held", true);
    try (Connection c = db.connect()) {
      slot.create(c);
    }
    int[] attempts = {0};
    String done =
        slot.whenFree(
            Duration.ofSeconds(5),
            () -> {
              if (++attempts[0] < 3) {
                throw new PSQLException("replication slot is active", PSQLState.OBJECT_IN_USE);
              }
              return "streaming";
            });
    assertThat(done).isEqualTo("streaming");
    assertThat(attempts[0]).isEqualTo(3);

    assertThatThrownBy(
            () ->
                slot.whenFree(
                    Duration.ZERO,
                    () -> {
                      throw new PSQLException(
                          "replication slot is active", PSQLState.OBJECT_IN_USE);
                    }))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"owner_held\" is in use by another connection")
        .hasMessageContaining("give this connector its own slot.name");
  }
}
