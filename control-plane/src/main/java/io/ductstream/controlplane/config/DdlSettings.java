package io.ductstream.controlplane.config;

import io.ductstream.controlplane.flow.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code DUCTSTREAM_DDL_*} settings: whether flows hold at a schema change until its DDL event
 * is applied (the gate; a flow's {@code ddl_gate} option overrides it), whether new events are
 * approved and approved ones applied without an operator, and the periodic catalog check. The
 * source connector acts on them (its {@code ddl.*} keys); the control plane passes them on.
 */
public record DdlSettings(
    boolean gate,
    boolean autoApprove,
    boolean autoApply,
    boolean catalogEnabled,
    Duration catalogInterval,
    List<String> catalogSchemas) {

  public static final String GATE = "DUCTSTREAM_DDL_GATE";
  public static final String AUTO_APPROVE = "DUCTSTREAM_DDL_AUTO_APPROVE";
  public static final String AUTO_APPLY = "DUCTSTREAM_DDL_AUTO_APPLY";
  public static final String CATALOG_ENABLED = "DUCTSTREAM_DDL_CATALOG_ENABLED";
  public static final String CATALOG_INTERVAL = "DUCTSTREAM_DDL_CATALOG_INTERVAL";
  public static final String CATALOG_SCHEMAS = "DUCTSTREAM_DDL_CATALOG_SCHEMAS";

  public static final Duration DEFAULT_CATALOG_INTERVAL = Duration.ofSeconds(30);
  static final Duration MIN_CATALOG_INTERVAL = Duration.ofSeconds(1);
  // the source connector's ddl.catalog.interval.ms accepts at most a day
  static final Duration MAX_CATALOG_INTERVAL = Duration.ofDays(1);
  public static final List<String> DEFAULT_CATALOG_SCHEMAS = List.of("public");

  /** A schema name as PostgreSQL folds an unquoted one: lower case, at most 63 characters. */
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

  public DdlSettings {
    catalogSchemas = List.copyOf(catalogSchemas);
  }

  /** Every switch off, the catalog check at its defaults. */
  public static DdlSettings defaults() {
    return new DdlSettings(
        false, false, false, false, DEFAULT_CATALOG_INTERVAL, DEFAULT_CATALOG_SCHEMAS);
  }

  /** The same settings with the gate on or off (a flow's {@code ddl_gate} option). */
  public DdlSettings withGate(boolean on) {
    return new DdlSettings(
        on, autoApprove, autoApply, catalogEnabled, catalogInterval, catalogSchemas);
  }

  /**
   * Reads the settings; unset or blank variables take their defaults.
   *
   * @throws SettingsException for the first invalid value, naming the variable and the fix
   */
  static DdlSettings read(Map<String, String> env) {
    return new DdlSettings(
        flag(env, GATE),
        flag(env, AUTO_APPROVE),
        flag(env, AUTO_APPLY),
        flag(env, CATALOG_ENABLED),
        ServerSettings.value(env, CATALOG_INTERVAL)
            .map(DdlSettings::interval)
            .orElse(DEFAULT_CATALOG_INTERVAL),
        ServerSettings.value(env, CATALOG_SCHEMAS)
            .map(DdlSettings::schemas)
            .orElse(DEFAULT_CATALOG_SCHEMAS));
  }

  private static boolean flag(Map<String, String> env, String name) {
    return ServerSettings.value(env, name).map(v -> ServerSettings.bool(name, v)).orElse(false);
  }

  private static Duration interval(String value) {
    Duration interval;
    try {
      interval = DurationText.parse(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      interval = Duration.ZERO;
    }
    if (interval.compareTo(MIN_CATALOG_INTERVAL) < 0
        || interval.compareTo(MAX_CATALOG_INTERVAL) > 0) {
      throw new SettingsException(
          CATALOG_INTERVAL
              + "=\""
              + value
              + "\" is not a duration from 1s to 24h; use e.g. \"30s\" or \"5m\"");
    }
    return interval;
  }

  private static List<String> schemas(String value) {
    List<String> schemas = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String schema = part.trim();
      if (!SCHEMA.matcher(schema).matches()) {
        throw new SettingsException(
            CATALOG_SCHEMAS
                + "=\""
                + value
                + "\" holds \""
                + schema
                + "\", which is not a schema name; list lower-case names (letters, digits and"
                + " '_', at most 63) separated by commas, e.g. "
                + CATALOG_SCHEMAS
                + "=public,sales");
      }
      if (!schemas.contains(schema)) {
        schemas.add(schema);
      }
    }
    return schemas;
  }
}
