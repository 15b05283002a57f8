package io.ductstream.controlplane.flow;

import io.ductstream.sink.s3.config.S3SinkConfig;
import io.ductstream.source.pg.config.PostgresSourceConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which options an API caller may put on an endpoint: the flow options of its type, a short
 * allow-list of connector keys passed through as they are, and, in a source {@code dsn}, a short
 * allow-list of pgjdbc parameters. Everything else is refused, so that a caller cannot reach
 * transforms, client overrides, error tolerance, socket or SSL factories, file paths or session
 * options of the worker. Kafka Connect config provider references ({@code ${file:...}}, {@code
 * ${env:...}}) are allowed only where a credential goes.
 */
public final class OptionRules {
  static final int MAX_OPTIONS = 100;
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_VALUE_LENGTH = 4096;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{(file|env|directory):[^{}\\s]+\\}");

  static final Set<String> POSTGRES_OPTIONS =
      Set.of(
          FlowOptions.FORMAT,
          FlowOptions.DSN,
          FlowOptions.HOST,
          FlowOptions.PORT,
          FlowOptions.DATABASE,
          FlowOptions.USER,
          FlowOptions.PASSWORD,
          FlowOptions.SSLMODE,
          FlowOptions.SLOT,
          FlowOptions.CREATE_SLOT,
          FlowOptions.PUBLICATION,
          FlowOptions.ENSURE_PUBLICATION,
          FlowOptions.PUBLICATION_TABLES,
          FlowOptions.START_LSN,
          FlowOptions.BATCH_SIZE,
          FlowOptions.BATCH_TIMEOUT,
          FlowOptions.STATUS_INTERVAL,
          FlowOptions.SNAPSHOT_MODE,
          FlowOptions.SNAPSHOT_WORKERS,
          FlowOptions.SNAPSHOT_CHUNK_ROWS,
          FlowOptions.DDL_GATE);

  /** Source connector keys that change how changes are read, never where from or as whom. */
  public static final Set<String> POSTGRES_CONNECTOR_KEYS =
      Set.of(
          PostgresSourceConfig.TABLE_EXCLUDE_LIST,
          PostgresSourceConfig.HEARTBEAT_EMIT_MESSAGE,
          PostgresSourceConfig.SLOT_ACTIVE_WAIT_MS,
          PostgresSourceConfig.PGOUTPUT_BINARY,
          PostgresSourceConfig.CONNECTION_RETRY_TIMEOUT_MS,
          PostgresSourceConfig.TOAST_UNCHANGED_PLACEHOLDER,
          PostgresSourceConfig.NUMERIC_MODE,
          PostgresSourceConfig.SIGNAL_TABLE,
          PostgresSourceConfig.BACKFILL_CHUNK_ROWS,
          PostgresSourceConfig.MAX_QUEUE_BYTES);

  static final Set<String> KAFKA_OPTIONS =
      Set.of(
          FlowOptions.FORMAT,
          FlowOptions.BROKERS,
          FlowOptions.TOPIC,
          FlowOptions.TOPIC_PER_TABLE,
          FlowOptions.COMPRESSION,
          FlowOptions.ACKS);

  static final Set<String> S3_OPTIONS =
      Set.of(
          FlowOptions.FORMAT,
          FlowOptions.BUCKET,
          FlowOptions.PREFIX,
          FlowOptions.REGION,
          FlowOptions.ENDPOINT,
          FlowOptions.FORCE_PATH_STYLE,
          FlowOptions.ACCESS_KEY,
          FlowOptions.SECRET_KEY,
          FlowOptions.COMPRESSION,
          FlowOptions.PARTITION_BY,
          FlowOptions.FLUSH_SIZE,
          FlowOptions.ROTATE_INTERVAL,
          FlowOptions.LAYOUT);

  /** Sink connector keys that tune writing and uploading, never where to or as whom. */
  public static final Set<String> S3_CONNECTOR_KEYS =
      Set.of(
          S3SinkConfig.PART_SIZE,
          S3SinkConfig.RETRIES,
          S3SinkConfig.RETRY_BACKOFF_MS,
          S3SinkConfig.RETRY_BACKOFF_MAX_MS,
          S3SinkConfig.REQUEST_TIMEOUT_MS,
          S3SinkConfig.PARQUET_ROW_GROUP_BYTES,
          S3SinkConfig.ROTATE_BYTES,
          S3SinkConfig.TIMEZONE,
          S3SinkConfig.BUFFER_MEMORY_BYTES,
          S3SinkConfig.BUFFER_MAX_OPEN_OBJECTS);

  /**
   * Options of the original DuctStream that this one does not implement, and what to do instead.
   */
  static final Map<String, String> POSTGRES_NOT_IMPLEMENTED =
      Map.of(
          FlowOptions.PUBLICATION_SCHEMAS,
          "capturing whole schemas is not supported; list the tables in"
              + " source.options.publication_tables (schema.table,...)",
          FlowOptions.EMIT_EMPTY,
          "empty transactions are never emitted as records; the slot still advances past them"
              + " (source.options.status_interval sets how often)",
          FlowOptions.PARTITION_COLUMN,
          "snapshots split tables by primary key ranges; set source.options.snapshot_chunk_rows"
              + " and snapshot_workers instead",
          FlowOptions.PARTITION_COUNT,
          "snapshots split tables by primary key ranges; set source.options.snapshot_chunk_rows"
              + " and snapshot_workers instead");

  /** Options whose value may be a config provider reference: credentials. */
  static final Set<String> REFERENCE_OPTIONS =
      Set.of(
          FlowOptions.DSN,
          FlowOptions.USER,
          FlowOptions.PASSWORD,
          FlowOptions.ACCESS_KEY,
          FlowOptions.SECRET_KEY);

  /** pgjdbc parameters a source dsn may carry (the credentials are taken out by parsing). */
  static final Set<String> DSN_PARAMETERS =
      Set.of(
          "sslmode",
          "channelBinding",
          "gssEncMode",
          "connectTimeout",
          "socketTimeout",
          "loginTimeout",
          "tcpKeepAlive",
          "ApplicationName",
          "application_name",
          "user",
          "password");

  private OptionRules() {}

  /** Checks the names, sizes and characters of {@code endpoint}'s options. */
  static void check(String field, Endpoint endpoint, List<String> problems) {
    Map<String, String> options = endpoint.options();
    if (options.size() > MAX_OPTIONS) {
      problems.add(field + " has " + options.size() + " options; at most " + MAX_OPTIONS);
      return;
    }
    for (var option : options.entrySet()) {
      String key = option.getKey();
      String value = option.getValue();
      if (key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
        problems.add(
            field
                + " has an option name that is not letters, digits, '_', '.' and '-' (at most "
                + MAX_KEY_LENGTH
                + ")");
        continue;
      }
      String name = field + "." + key;
      if (value.length() > MAX_VALUE_LENGTH) {
        problems.add(name + " is longer than " + MAX_VALUE_LENGTH + " characters");
      } else if (hasControlCharacter(value)) {
        problems.add(name + " holds a control character (a line break, tab or NUL); remove it");
      } else if (value.contains("${")) {
        checkReference(name, key, value, problems);
      }
      allowed(endpoint.type(), key).ifPresent(reason -> problems.add(name + " " + reason));
    }
  }

  /** Why {@code key} may not be set on an endpoint of {@code type}, if it may not. */
  private static Optional<String> allowed(EndpointType type, String key) {
    Set<String> flowOptions;
    Set<String> connectorKeys;
    switch (type) {
      case POSTGRES -> {
        String notImplemented = POSTGRES_NOT_IMPLEMENTED.get(key);
        if (notImplemented != null) {
          return Optional.of("is not supported: " + notImplemented);
        }
        flowOptions = POSTGRES_OPTIONS;
        connectorKeys = POSTGRES_CONNECTOR_KEYS;
      }
      case KAFKA -> {
        flowOptions = KAFKA_OPTIONS;
        connectorKeys = Set.of();
      }
      case S3 -> {
        flowOptions = S3_OPTIONS;
        connectorKeys = S3_CONNECTOR_KEYS;
      }
      default -> {
        return Optional.empty(); // the type itself is refused
      }
    }
    if (flowOptions.contains(key) || connectorKeys.contains(key)) {
      return Optional.empty();
    }
    return Optional.of(
        "is not an option of a "
            + type.shortName()
            + " endpoint; use one of "
            + String.join(", ", new TreeSet<>(flowOptions))
            + (connectorKeys.isEmpty()
                ? ""
                : ", or one of the connector keys "
                    + String.join(", ", new TreeSet<>(connectorKeys))));
  }

  /**
   * A config provider reference, resolved by the Kafka Connect worker, keeps a credential out of
   * the store; elsewhere it could make the worker read its files or environment into a flow.
   */
  private static void checkReference(String name, String key, String value, List<String> problems) {
    String rest = REFERENCE.matcher(value).replaceAll("");
    if (!REFERENCE_OPTIONS.contains(key) || rest.contains("${")) {
      problems.add(
          name
              + " holds \"${\"; config provider references (${file:path:key}, ${env:NAME}) are"
              + " allowed only in "
              + String.join(", ", new TreeSet<>(REFERENCE_OPTIONS))
              + " and only in that form");
    }
  }

  /** True when the value is a config provider reference and nothing else. */
  static boolean isReference(String value) {
    return REFERENCE.matcher(value.trim()).matches();
  }

  /** True when the value holds a config provider reference. */
  public static boolean hasReference(String value) {
    return REFERENCE.matcher(value).find();
  }

  /** Checks the pgjdbc parameters of a parsed source dsn. */
  static void checkDsnParameters(Set<String> parameters, List<String> problems) {
    for (String parameter : new TreeSet<>(parameters)) {
      if (!DSN_PARAMETERS.contains(parameter)) {
        problems.add(
            "source.options.dsn: the parameter "
                + (KEY.matcher(parameter).matches() ? "\"" + parameter + "\"" : "given")
                + " is not allowed; a dsn may carry "
                + String.join(", ", new TreeSet<>(DSN_PARAMETERS)));
      }
    }
  }

  public static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
