package io.ductstream.source.pg.config;

import org.apache.kafka.common.config.ConfigDef;

/**
 * The source connector's config reference, as the shared {@link
 * io.ductstream.config.ConfigReference} renders it for docs/connector-source-pg.md.
 */
public final class ConfigReference {
  private ConfigReference() {}

  public static String markdown(ConfigDef def) {
    return io.ductstream.config.ConfigReference.markdown(def);
  }

  /** Prints the source connector's reference. */
  public static void main(String[] args) {
    System.out.print(markdown(PostgresSourceConfig.CONFIG_DEF));
  }
}
