package io.ductstream.controlplane.config;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.flow.DurationText;
import io.ductstream.controlplane.flow.Secrets;
import io.ductstream.controlplane.store.SecretCipher;
import io.ductstream.format.WireFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
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
    Optional<String> connectBootstrapServers,
    ApiAccess apiAccess,
    Optional<SecretCipher> secretsKey,
    Duration reconcileInterval,
    int runOnceMaxEmptyReads,
    DbosSettings dbos,
    DdlSettings ddl) {

  public static final String POSTGRES_DSN = "DUCTSTREAM_POSTGRES_DSN";
  public static final String GRPC_LISTEN = "DUCTSTREAM_GRPC_LISTEN";
  public static final String WIRE_FORMAT = "DUCTSTREAM_WIRE_FORMAT";
  public static final String WIRE_ENFORCE = "DUCTSTREAM_WIRE_ENFORCE";

  /** The Kafka Connect REST API the control plane applies flows to; unset: it only stores them. */
  public static final String CONNECT_URL = "DUCTSTREAM_CONNECT_URL";

  /** The Kafka cluster the Connect workers use: a Kafka destination on it needs no override. */
  public static final String CONNECT_BOOTSTRAP_SERVERS = "DUCTSTREAM_CONNECT_BOOTSTRAP_SERVERS";

  /** The API server's certificate chain (PEM); with {@link #GRPC_TLS_KEY} the API speaks TLS. */
  public static final String GRPC_TLS_CERT = "DUCTSTREAM_GRPC_TLS_CERT";

  /** The API server's private key (PEM, PKCS#8). */
  public static final String GRPC_TLS_KEY = "DUCTSTREAM_GRPC_TLS_KEY";

  /** CA certificates (PEM) a client certificate must chain to: mutual TLS, required of clients. */
  public static final String GRPC_TLS_CLIENT_CA = "DUCTSTREAM_GRPC_TLS_CLIENT_CA";

  /** The bearer token every RPC but health checks must carry ({@code authorization: Bearer ..}). */
  public static final String API_TOKEN = "DUCTSTREAM_API_TOKEN";

  /** Serve gRPC server reflection (for grpcurl without proto files); on in --dev. */
  public static final String GRPC_REFLECTION = "DUCTSTREAM_GRPC_REFLECTION";

  /**
   * Allow a non-loopback listen address without TLS or without authentication (a proxy in front
   * provides them).
   */
  public static final String GRPC_INSECURE = "DUCTSTREAM_GRPC_INSECURE";

  /**
   * Base64 of a 32-byte key ({@code openssl rand -base64 32}): the store keeps flow secrets
   * encrypted with it (AES-256-GCM).
   */
  public static final String SECRETS_KEY = "DUCTSTREAM_SECRETS_KEY";

  /**
   * How often the API server reads the Kafka Connect status and offsets of running and failed flows
   * (only with {@link #CONNECT_URL}): failed connectors or tasks fail the flow, recovered ones
   * bring it back to running, and committed offsets become the flows' checkpoints.
   */
  public static final String RECONCILE_INTERVAL = "DUCTSTREAM_RECONCILE_INTERVAL";

  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(10);
  static final Duration MIN_RECONCILE_INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_RECONCILE_INTERVAL = Duration.ofHours(1);

  /**
   * Empty reads in a row, once caught up, that end a run started by RunFlowOnce (and by the DBOS
   * schedule).
   */
  public static final String DBOS_MAX_EMPTY_READS = "DUCTSTREAM_DBOS_MAX_EMPTY_READS";

  public static final int DEFAULT_MAX_EMPTY_READS = 1;

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
        value(env, CONNECT_BOOTSTRAP_SERVERS),
        apiAccess(env),
        value(env, SECRETS_KEY).map(ServerSettings::secretsKey),
        value(env, RECONCILE_INTERVAL)
            .map(ServerSettings::reconcileInterval)
            .orElse(DEFAULT_RECONCILE_INTERVAL),
        value(env, DBOS_MAX_EMPTY_READS)
            .map(v -> positive(DBOS_MAX_EMPTY_READS, v))
            .orElse(DEFAULT_MAX_EMPTY_READS),
        DbosSettings.read(env),
        DdlSettings.read(env));
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
        Optional.of(dsn),
        grpcListen,
        wireFormat,
        wireEnforce,
        connectUrl,
        connectBootstrapServers,
        apiAccess,
        secretsKey,
        reconcileInterval,
        runOnceMaxEmptyReads,
        dbos,
        ddl);
  }

  /** These settings listening on {@code listen} instead. */
  public ServerSettings withGrpcListen(ListenAddress listen) {
    return new ServerSettings(
        postgresDsn,
        listen,
        wireFormat,
        wireEnforce,
        connectUrl,
        connectBootstrapServers,
        apiAccess,
        secretsKey,
        reconcileInterval,
        runOnceMaxEmptyReads,
        dbos,
        ddl);
  }

  /** These settings with server reflection on (dev mode). */
  public ServerSettings withReflection() {
    return new ServerSettings(
        postgresDsn,
        grpcListen,
        wireFormat,
        wireEnforce,
        connectUrl,
        connectBootstrapServers,
        apiAccess.withReflection(),
        secretsKey,
        reconcileInterval,
        runOnceMaxEmptyReads,
        dbos,
        ddl);
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
        + ", apiAccess="
        + apiAccess
        + ", secretsKey="
        + (secretsKey.isPresent() ? "***" : "none")
        + ", reconcileInterval="
        + reconcileInterval
        + ", runOnceMaxEmptyReads="
        + runOnceMaxEmptyReads
        + ", dbos="
        + dbos
        + ", ddl="
        + ddl
        + "]";
  }

  /** The Connect URL with any password replaced by {@code ***}, for logs. */
  public Optional<String> maskedConnectUrl() {
    return connectUrl.map(url -> Secrets.maskUrl(url.toString()));
  }

  private static ApiAccess apiAccess(Map<String, String> env) {
    Optional<String> cert = value(env, GRPC_TLS_CERT);
    Optional<String> key = value(env, GRPC_TLS_KEY);
    Optional<String> clientCa = value(env, GRPC_TLS_CLIENT_CA);
    if (cert.isPresent() != key.isPresent()) {
      throw new SettingsException(
          (cert.isPresent() ? GRPC_TLS_KEY : GRPC_TLS_CERT)
              + " is not set but "
              + (cert.isPresent() ? GRPC_TLS_CERT : GRPC_TLS_KEY)
              + " is; set both (the server's PEM certificate chain and its PKCS#8 private key)");
    }
    if (clientCa.isPresent() && cert.isEmpty()) {
      throw new SettingsException(
          GRPC_TLS_CLIENT_CA
              + " needs TLS; set "
              + GRPC_TLS_CERT
              + " and "
              + GRPC_TLS_KEY
              + " too");
    }
    Optional<TlsFiles> tls =
        cert.map(c -> new TlsFiles(Path.of(c), Path.of(key.get()), clientCa.map(Path::of)));
    Optional<String> token = value(env, API_TOKEN);
    token.ifPresent(ServerSettings::checkToken);
    return new ApiAccess(
        tls,
        token,
        value(env, GRPC_REFLECTION).map(v -> bool(GRPC_REFLECTION, v)).orElse(false),
        value(env, GRPC_INSECURE).map(v -> bool(GRPC_INSECURE, v)).orElse(false));
  }

  private static SecretCipher secretsKey(String value) {
    try {
      return SecretCipher.fromBase64(value);
    } catch (IllegalArgumentException e) {
      // The value is never repeated: it is the key.
      throw new SettingsException(
          SECRETS_KEY
              + " is not a key ("
              + e.getMessage()
              + "); make one with: openssl rand -base64 32");
    }
  }

  private static void checkToken(String token) {
    // The value is never repeated: it is a secret.
    if (token.length() < ApiAccess.MIN_TOKEN_LENGTH) {
      throw new SettingsException(
          API_TOKEN
              + " is shorter than "
              + ApiAccess.MIN_TOKEN_LENGTH
              + " characters; use a random one, e.g. $(openssl rand -hex 32)");
    }
    if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new SettingsException(
          API_TOKEN
              + " may hold only printable ASCII without spaces (it travels in an HTTP/2 header);"
              + " use e.g. $(openssl rand -hex 32)");
    }
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

  static Optional<String> value(Map<String, String> env, String name) {
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
              + "\" is not a listen address ("
              + e.getMessage()
              + "); use \":8080\" (loopback only), \"host:port\" or \"0.0.0.0:8080\" (every"
              + " interface)");
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

  private static Duration reconcileInterval(String value) {
    Duration interval;
    try {
      interval = DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      interval = Duration.ZERO;
    }
    if (interval.compareTo(MIN_RECONCILE_INTERVAL) < 0
        || interval.compareTo(MAX_RECONCILE_INTERVAL) > 0) {
      throw new SettingsException(
          RECONCILE_INTERVAL
              + "=\""
              + value
              + "\" is not a duration from 1s to 1h; use e.g. \"10s\" or \"1m\"");
    }
    return interval;
  }

  static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes" -> true;
      case "0", "false", "no" -> false;
      default ->
          throw new SettingsException(
              name + "=\"" + value + "\" is not a boolean; use true or false (also 1/0, yes/no)");
    };
  }

  private static int positive(String name, String value) {
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new SettingsException(
        name
            + "=\""
            + value
            + "\" is not a positive whole number; use 1 or more, e.g. "
            + name
            + "=1");
  }
}
