package io.ductstream.bench;

import io.ductstream.source.pg.PostgresSourceConnector;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The Postgres source connector on the anchor table of a {@link BenchFixture}: its config, and its
 * task's config after the connector checked the source and created its slot, as when a flow starts.
 */
final class SourceConnectorSetup {
  /** The topic the connector gives the anchor table's records. */
  static final String TOPIC = BenchFixture.DATABASE + ".public." + AnchorWorkload.TABLE;

  private final BenchFixture bench;

  SourceConnectorSetup(BenchFixture bench) {
    this.bench = bench;
  }

  /**
   * The connector's config on slot {@code slot} (created if missing), streaming only: the slot is
   * made before the load, so there is nothing to snapshot.
   */
  Map<String, String> connectorConfig(String slot) {
    Map<String, String> config = new HashMap<>();
    config.put(PostgresSourceConfig.DATABASE_DSN, bench.postgresUrl(BenchFixture.DATABASE));
    config.put(PostgresSourceConfig.SLOT_NAME, slot);
    config.put(PostgresSourceConfig.SLOT_CREATE, "true");
    config.put(PostgresSourceConfig.PUBLICATION_NAME, AnchorWorkload.PUBLICATION);
    config.put(PostgresSourceConfig.PUBLICATION_CREATE, "false");
    config.put(PostgresSourceConfig.TABLE_INCLUDE_LIST, "public." + AnchorWorkload.TABLE);
    config.put(PostgresSourceConfig.TOPIC_PREFIX, BenchFixture.DATABASE);
    config.put(PostgresSourceConfig.SNAPSHOT_MODE, "never");
    return config;
  }

  /** Starts the connector on {@link #connectorConfig(String)} and returns its one task's config. */
  Map<String, String> taskConfig(String slot) {
    return taskConfig(slot, Map.of());
  }

  /** As {@link #taskConfig(String)}, with {@code overrides} on top of the connector's config. */
  Map<String, String> taskConfig(String slot, Map<String, String> overrides) {
    Map<String, String> config = connectorConfig(slot);
    config.putAll(overrides);
    PostgresSourceConnector connector = new PostgresSourceConnector();
    connector.start(config);
    try {
      return connector.taskConfigs(1).get(0);
    } finally {
      connector.stop();
    }
  }
}
