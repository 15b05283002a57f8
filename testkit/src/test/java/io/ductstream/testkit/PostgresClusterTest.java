package io.ductstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ductstream.testkit.PostgresCluster.Durability;
import org.junit.jupiter.api.Test;

/** The settings a {@link PostgresCluster} starts with, one place for tests and benchmarks. */
class PostgresClusterTest {

  @Test
  void disposableClusterSkipsEveryWaitOnTheDisk() {
    var settings =
        PostgresCluster.builder()
            .embedded()
            .replicationSlots(64)
            .maxConnections(300)
            .durability(Durability.NONE)
            .settings();
    assertThat(settings)
        .containsEntry("wal_level", "logical")
        .containsEntry("max_replication_slots", "64")
        .containsEntry("max_wal_senders", "64")
        .containsEntry("max_connections", "300")
        .containsEntry("fsync", "off")
        .containsEntry("synchronous_commit", "off")
        .containsEntry("full_page_writes", "off");
  }

  @Test
  void processCrashDurabilityKeepsCommitsSynchronous() {
    var settings = PostgresCluster.builder().durability(Durability.PROCESS_CRASH).settings();
    assertThat(settings)
        .containsEntry("fsync", "off")
        .containsEntry("synchronous_commit", "on")
        .doesNotContainKey("full_page_writes");
  }

  @Test
  void fullDurabilityIsPostgresDefaultsAndSettingsGivenWin() {
    var settings =
        PostgresCluster.builder()
            .setting("shared_buffers", "256MB")
            .setting("synchronous_commit", "off")
            .settings();
    assertThat(settings)
        .containsEntry("max_replication_slots", "10")
        .containsEntry("max_connections", "100")
        .containsEntry("fsync", "on")
        .containsEntry("full_page_writes", "on")
        .containsEntry("synchronous_commit", "off")
        .containsEntry("shared_buffers", "256MB");
  }

  @Test
  void aClusterNeedsItsBinariesChosen() {
    assertThatThrownBy(() -> PostgresCluster.builder().start())
        .hasMessageContaining("choose embedded() or binaries(path)");
  }
}
