package io.ductstream.contract.pg;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection string as users write it ({@code
 * postgres://user:pass@host:5432/db?sslmode=disable}, {@code postgresql://...} or {@code
 * jdbc:postgresql://...}), turned into what pgjdbc needs. {@link #toString()} is {@link #masked()}:
 * the password never reaches a log line or an error.
 */
public record PostgresDsn(
    String host,
    int port,
    String database,
    String user,
    String password,
    Map<String, String> parameters) {

  public static final int DEFAULT_PORT = 5432;
  private static final String MASK = "***";
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i).*(pass|secret|token|key).*");

  /**
   * The pgjdbc parameters a DSN may carry: TLS, Kerberos, timeouts and socket tuning. The others
   * are refused because they would override what the connector sets for its own sessions ({@code
   * options}, {@code replication}, {@code preferQueryMode}, {@code binaryTransfer}, ...), load a
   * class ({@code socketFactory}, {@code sslfactory}, {@code authenticationPluginClassName}, ...)
   * or write files ({@code loggerFile}).
   */
  public static final Set<String> PARAMETERS =
      Set.of(
          "sslmode",
          "ssl",
          "sslrootcert",
          "sslcert",
          "sslkey",
          "sslpassword",
          "sslNegotiation",
          "sslResponseTimeout",
          "channelBinding",
          "gssEncMode",
          "gsslib",
          "kerberosServerName",
          "jaasApplicationName",
          "jaasLogin",
          "connectTimeout",
          "socketTimeout",
          "loginTimeout",
          "cancelSignalTimeout",
          "tcpKeepAlive",
          "tcpNoDelay",
          "receiveBufferSize",
          "sendBufferSize",
          "targetServerType",
          "ApplicationName",
          "application_name",
          "connect_timeout",
          "user",
          "password");

  public PostgresDsn {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Why the connection to this server is open to a network attacker, if it is: TLS that is off or
   * may fall back to plaintext, or whose certificate is not checked ({@code sslmode} other than
   * {@code verify-ca}/{@code verify-full}), to a host that is not this machine. Empty when the
   * server's identity is verified, or the server is local (loopback or a Unix socket).
   */
  public java.util.Optional<String> unverifiedTls() {
    String mode = parameters.getOrDefault("sslmode", "prefer").toLowerCase(java.util.Locale.ROOT);
    if (mode.equals("verify-ca") || mode.equals("verify-full") || isLocal(host)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "the connection to "
            + host
            + ":"
            + port
            + " does not verify the server (sslmode="
            + mode
            + (parameters.containsKey("sslmode") ? "" : ", pgjdbc's default")
            + "): someone on the network between can read the password and the changes, or"
            + " inject changes; use sslmode=verify-full with sslrootcert=<the server's CA>");
  }

  private static boolean isLocal(String host) {
    String h = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
    return h.isEmpty()
        || h.equals("localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("[::1]")
        || h.startsWith("/");
  }

  /** A copy with one connection parameter set (replacing any earlier value). */
  public PostgresDsn withParameter(String name, String value) {
    Map<String, String> changed = new LinkedHashMap<>(parameters);
    changed.put(name, value);
    return new PostgresDsn(host, port, database, user, password, changed);
  }

  /**
   * Parses a {@code postgres://}, {@code postgresql://} or {@code jdbc:postgresql://} URL. User,
   * password, database and parameter values are percent-decoded; {@code user} and {@code password}
   * parameters are taken as the credentials.
   *
   * @throws IllegalArgumentException saying what is wrong; the message never repeats the value
   */
  public static PostgresDsn parse(String value) {
    PostgresDsn dsn = read(value);
    for (String parameter : dsn.parameters().keySet()) {
      if (!PARAMETERS.contains(parameter)) {
        throw new IllegalArgumentException(
            "its parameter "
                + parameter
                + " is not accepted (it would override the connector's own session settings or"
                + " load code); a DSN may carry "
                + String.join(", ", new java.util.TreeSet<>(PARAMETERS)));
      }
    }
    return dsn;
  }

  /**
   * Reads a URL as {@link #parse} does, keeping every parameter: for checks with rules of their own
   * and for masking, never to connect with.
   *
   * @throws IllegalArgumentException saying what is wrong; the message never repeats the value
   */
  public static PostgresDsn read(String value) {
    String text = value.trim();
    boolean jdbc = text.startsWith("jdbc:postgresql://");
    String rest;
    if (jdbc) {
      rest = text.substring("jdbc:postgresql://".length());
    } else if (text.startsWith("postgres://")) {
      rest = text.substring("postgres://".length());
    } else if (text.startsWith("postgresql://")) {
      rest = text.substring("postgresql://".length());
    } else {
      throw new IllegalArgumentException(
          "it does not start with postgres://, postgresql:// or jdbc:postgresql://");
    }

    Map<String, String> parameters = new LinkedHashMap<>();
    int question = rest.indexOf('?');
    if (question >= 0) {
      parseQuery(rest.substring(question + 1), parameters);
      rest = rest.substring(0, question);
    }
    // libpq's names of what pgjdbc calls otherwise (and would ignore under libpq's name)
    renameParameter(parameters, "connect_timeout", "connectTimeout");
    renameParameter(parameters, "application_name", "ApplicationName");
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : decode(rest.substring(slash + 1), "database name");

    // The password may itself contain '@' when it is not percent-encoded: the host follows the last
    // one.
    int at = authority.lastIndexOf('@');
    String user = "";
    String password = "";
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1), "password");
      authority = authority.substring(at + 1);
    }
    // libpq and pgjdbc both take the credentials as parameters too
    // (postgres://h/db?user=u&password=p).
    user = parameters.containsKey("user") ? parameters.remove("user") : user;
    password = parameters.containsKey("password") ? parameters.remove("password") : password;

    String host;
    String port = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("its IPv6 host has no closing ]");
      }
      host = authority.substring(1, close);
      if (authority.length() > close + 1) {
        if (authority.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("its IPv6 host is not followed by :port");
        }
        port = authority.substring(close + 2);
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? "" : authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("it has no host");
    }
    if (host.indexOf(',') >= 0) {
      throw new IllegalArgumentException("it names several hosts; give exactly one");
    }
    if (database.isEmpty()) {
      database =
          user.isEmpty() ? "postgres" : user; // libpq's default: the database named like the user
    }
    return new PostgresDsn(host, parsePort(port), database, user, password, parameters);
  }

  /**
   * The pgjdbc URL, with every parameter but the credentials: {@code
   * jdbc:postgresql://host:port/db?...}.
   */
  public String jdbcUrl() {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://").append(hostForUrl()).append(':').append(port);
    url.append('/').append(encode(database));
    appendQuery(url);
    return url.toString();
  }

  /**
   * The URL with the password, and every parameter named like a secret ({@code sslpassword}, a
   * token, a key), replaced by {@code ***}: {@code postgres://user:***@host:port/db?sslmode=...}.
   */
  public String masked() {
    StringBuilder url = new StringBuilder("postgres://");
    if (!user.isEmpty()) {
      url.append(encode(user));
      if (!password.isEmpty()) {
        url.append(':').append(MASK);
      }
      url.append('@');
    }
    url.append(hostForUrl()).append(':').append(port).append('/').append(encode(database));
    if (!parameters.isEmpty()) {
      StringJoiner query = new StringJoiner("&", "?", "");
      parameters.forEach(
          (key, value) ->
              query.add(
                  encode(key)
                      + "="
                      + (SECRET_PARAMETER.matcher(key).matches() ? MASK : encode(value))));
      url.append(query);
    }
    return url.toString();
  }

  @Override
  public String toString() {
    return masked();
  }

  private String hostForUrl() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  private void appendQuery(StringBuilder url) {
    if (parameters.isEmpty()) {
      return;
    }
    StringJoiner query = new StringJoiner("&", "?", "");
    parameters.forEach((key, value) -> query.add(encode(key) + "=" + encode(value)));
    url.append(query);
  }

  private static int parsePort(String port) {
    if (port.isEmpty()) {
      return DEFAULT_PORT;
    }
    if (port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("its port is not a number");
    }
    int number = Integer.parseInt(port);
    if (number < 1 || number > 65535) {
      throw new IllegalArgumentException("its port is not from 1 to 65535");
    }
    return number;
  }

  private static void renameParameter(Map<String, String> parameters, String from, String to) {
    String value = parameters.remove(from);
    if (value != null) {
      parameters.putIfAbsent(to, value);
    }
  }

  private static void parseQuery(String query, Map<String, String> into) {
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = decode(equals < 0 ? pair : pair.substring(0, equals), "parameter name");
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1), "parameter " + key);
      into.put(key, value);
    }
  }

  /**
   * RFC 3986 percent-decoding; unlike URLDecoder, '+' stays '+' (it is a legal password character).
   */
  private static String decode(String text, String part) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      int c = text.codePointAt(i);
      if (c != '%') {
        bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c) - 1;
        continue;
      }
      int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
      if (low < 0) {
        throw new IllegalArgumentException(
            "its " + part + " has a % that is not followed by two hex digits");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
