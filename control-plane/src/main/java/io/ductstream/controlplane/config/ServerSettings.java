package io.ductstream.controlplane.config;

import io.ductstream.controlplane.connect.ConnectClient;
import io.ductstream.format.WireFormat;
import io.ductstream.source.pg.config.PostgresDsn;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane's settings, read from the environment ({@code DUCTSTREAM_*} variables of the
 * usage guide). Every value is validated here, so the rest of the code never sees a raw string.
 */
public record ServerSettings(
    Optional<PostgresDsn> postgresDsn,
    ListenAddress grpcListen,
    WireFormat wireFormat,
    boolean wireEnforce,
    Optional<URI> connectUrl,
    Optional<String> connectBootstrapServers) {

  public static final String POSTGRES_DSN = "DUCTSTREAM_POSTGRES_DSN";
  public static final String GRPC_LISTEN = "DUCTSTREAM_GRPC_LISTEN";
  public static final String WIRE_FORMAT = "DUCTSTREAM_WIRE_FORMAT";
  public static final String WIRE_ENFORCE = "DUCTSTREAM_WIRE_ENFORCE";

  /** The Kafka Connect REST API the control plane applies flows to; unset: it only stores them. */
  public static final String CONNECT_URL = "DUCTSTREAM_CONNECT_URL";

  /** The Kafka cluster the Connect workers use: a Kafka destination on it needs no override. */
  public static final String CONNECT_BOOTSTRAP_SERVERS = "DUCTSTREAM_CONNECT_BOOTSTRAP_SERVERS";

  public static final ListenAddress DEFAULT_GRPC_LISTEN = new ListenAddress("", 8080);
  public static final WireFormat DEFAULT_WIRE_FORMAT = WireFormat.ARROW;
  public static final boolean DEFAULT_WIRE_ENFORCE = true;

  private static final String DSN_EXAMPLE = "postgres://user:pass@host:5432/db?sslmode=disable";

  /**
   * Reads the settings from {@code env} ({@code System.getenv()} in the launchers). Unset or blank
   * variables take their defaults; the store DSN may be absent here and is demanded by {@link
   * #requirePostgresDsn()}.
   *
   * @throws SettingsException for the first invalid value, naming the variable and the fix
   */
  public static ServerSettings read(Map<String, String> env) {
    return new ServerSettings(
        value(env, POSTGRES_DSN).map(ServerSettings::postgresDsn),
        value(env, GRPC_LISTEN).map(ServerSettings::listenAddress).orElse(DEFAULT_GRPC_LISTEN),
        value(env, WIRE_FORMAT).map(ServerSettings::wireFormat).orElse(DEFAULT_WIRE_FORMAT),
        value(env, WIRE_ENFORCE).map(v -> bool(WIRE_ENFORCE, v)).orElse(DEFAULT_WIRE_ENFORCE),
        value(env, CONNECT_URL).map(ServerSettings::connectUrl),
        value(env, CONNECT_BOOTSTRAP_SERVERS));
  }

  /** The store's DSN; a {@link SettingsException} telling how to set it when it is missing. */
  public PostgresDsn requirePostgresDsn() {
    return postgresDsn.orElseThrow(
        () ->
            new SettingsException(
                POSTGRES_DSN
                    + " is not set; set it to the store database, e.g. "
                    + POSTGRES_DSN
                    + "=\""
                    + DSN_EXAMPLE
                    + "\" (or run bin/ductstream --dev for a local one)"));
  }

  /** These settings with the store at {@code dsn} (dev mode's embedded PostgreSQL). */
  public ServerSettings withPostgresDsn(PostgresDsn dsn) {
    return new ServerSettings(
        Optional.of(dsn), grpcListen, wireFormat, wireEnforce, connectUrl, connectBootstrapServers);
  }

  /** These settings listening on {@code listen} instead. */
  public ServerSettings withGrpcListen(ListenAddress listen) {
    return new ServerSettings(
        postgresDsn, listen, wireFormat, wireEnforce, connectUrl, connectBootstrapServers);
  }

  /** The settings with every secret masked (the store's and Connect's passwords). */
  @Override
  public String toString() {
    return "ServerSettings[postgresDsn="
        + postgresDsn
        + ", grpcListen="
        + grpcListen
        + ", wireFormat="
        + wireFormat
        + ", wireEnforce="
        + wireEnforce
        + ", connectUrl="
        + maskedConnectUrl()
        + ", connectBootstrapServers="
        + connectBootstrapServers
        + "]";
  }

  /** The Connect URL with any password replaced by {@code ***}, for logs. */
  public Optional<String> maskedConnectUrl() {
    return connectUrl.map(ConnectClient::masked);
  }

  private static URI connectUrl(String value) {
    URI url;
    try {
      url = new URI(value);
    } catch (URISyntaxException e) {
      url = null;
    }
    if (url == null
        || url.getHost() == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      // The value is not repeated: it may hold a password.
      throw new SettingsException(
          CONNECT_URL
              + " is not an http(s) URL; set it to a Kafka Connect worker's REST API, e.g."
              + " \"http://connect:8083\"");
    }
    return url;
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static PostgresDsn postgresDsn(String value) {
    try {
      return PostgresDsn.parse(value);
    } catch (IllegalArgumentException e) {
      // The value is not repeated: it may hold a password.
      throw new SettingsException(
          POSTGRES_DSN
              + " is not a PostgreSQL URL ("
              + e.getMessage()
              + "); use \""
              + DSN_EXAMPLE
              + "\"");
    }
  }

  private static ListenAddress listenAddress(String value) {
    try {
      return ListenAddress.parse(value);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(
          GRPC_LISTEN
              + "=\""
              + value
              + "\" is not a listen address; use \":8080\" or \"host:port\" ("
              + e.getMessage()
              + ")");
    }
  }

  private static WireFormat wireFormat(String value) {
    return WireFormat.find(value)
        .orElseThrow(
            () ->
                new SettingsException(
                    WIRE_FORMAT
                        + "=\""
                        + value
                        + "\" is not a wire format; use one of "
                        + WireFormat.names()));
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes" -> true;
      case "0", "false", "no" -> false;
      default ->
          throw new SettingsException(
              name + "=\"" + value + "\" is not a boolean; use true or false (also 1/0, yes/no)");
    };
  }
}
