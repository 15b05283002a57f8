package io.ductstream.controlplane.flow;

import io.ductstream.contract.pg.PostgresDsn;
import io.ductstream.controlplane.RequestException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets in endpoint options: options named like secrets ({@code password}, {@code
 * secret_key}, anything with password, secret, token, JAAS, credential or private/API key in its
 * name) and, in URLs such as a source {@code dsn}, the password of the user info and every query
 * parameter named like a secret ({@code ?password=}, {@code sslpassword=}). The store keeps them;
 * every response, log line and error shows {@link #MASK} instead. An update that sends the mask
 * back keeps the stored secret, but only for the same server and account: a changed host, port or
 * user (S3: endpoint, access key or region) must come with the secret itself, so that a stored
 * password is never sent to a server it was not given for.
 */
public final class Secrets {
  public static final String MASK = "***";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|passwd|passphrase|secret|token|jaas|credential|private[._-]?key"
              + "|api[._-]?key).*");

  private static final Pattern URL_IN_TEXT =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+");

  private Secrets() {}

  /** True for an option or URL parameter whose whole value is a secret. */
  public static boolean isSecret(String key) {
    return SECRET_NAME.matcher(key).matches();
  }

  /** The endpoint with every secret replaced by {@link #MASK}. */
  public static Endpoint masked(Endpoint endpoint) {
    Endpoint result = endpoint;
    for (var option : endpoint.options().entrySet()) {
      String masked = maskValue(option.getKey(), option.getValue());
      if (!masked.equals(option.getValue())) {
        result = result.withOption(option.getKey(), masked);
      }
    }
    return result;
  }

  /** {@code value} of option {@code key} as responses and logs may show it. */
  public static String maskValue(String key, String value) {
    if (isSecret(key)) {
      return MASK;
    }
    return value.contains("://") ? maskUrl(value) : value;
  }

  /**
   * {@code incoming} with each secret that is {@link #MASK} replaced by the one in {@code stored}
   * (a flow that was read, edited and sent back keeps its secrets), provided the endpoint still
   * names the same server and account.
   *
   * @param field where the endpoint is in the request, for errors: {@code source.options}
   * @throws RequestException INVALID when a masked secret cannot be taken from the stored endpoint
   */
  public static Endpoint keepStored(Endpoint incoming, Endpoint stored, String field) {
    Endpoint result = incoming;
    for (var option : incoming.options().entrySet()) {
      String key = option.getKey();
      String value = option.getValue();
      boolean wholeSecret = isSecret(key) && MASK.equals(value);
      List<Part> maskedParts =
          isSecret(key)
              ? List.of()
              : urlSecrets(value).stream().filter(p -> p.masked(value)).toList();
      if (!wholeSecret && maskedParts.isEmpty()) {
        continue;
      }
      String storedValue = stored.options().get(key);
      if (storedValue == null) {
        throw RequestException.invalid(
            field
                + "."
                + key
                + " is masked ("
                + MASK
                + ") but the stored flow has no such secret;"
                + " send the secret itself");
      }
      Optional<String> changed = changedTarget(incoming, stored);
      if (changed.isPresent()) {
        throw RequestException.invalid(
            field
                + "."
                + key
                + " is masked ("
                + MASK
                + ") but "
                + changed.get()
                + " changed; a stored secret is reused only for the same server and account, so"
                + " send the secret itself");
      }
      if (wholeSecret) {
        result = result.withOption(key, storedValue);
        continue;
      }
      String restored = value;
      // Replace from the end so that earlier spans stay where they are.
      List<Part> parts = new ArrayList<>(maskedParts);
      parts.sort((a, b) -> Integer.compare(b.start, a.start));
      for (Part part : parts) {
        Optional<Part> secret =
            urlSecrets(storedValue).stream().filter(p -> p.name.equals(part.name)).findFirst();
        if (secret.isEmpty()) {
          throw RequestException.invalid(
              field
                  + "."
                  + key
                  + " has a masked ("
                  + MASK
                  + ") "
                  + part.describe()
                  + " but the stored one has none; send the secret itself");
        }
        restored = part.replace(restored, secret.get().of(storedValue));
      }
      result = result.withOption(key, restored);
    }
    return result;
  }

  /** True if any secret of the endpoint is still {@link #MASK}. */
  public static Optional<String> firstMasked(Endpoint endpoint) {
    for (var option : endpoint.options().entrySet()) {
      String value = option.getValue();
      if (isSecret(option.getKey())
          ? MASK.equals(value)
          : urlSecrets(value).stream().anyMatch(p -> p.masked(value))) {
        return Optional.of(option.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * A URL (a Postgres DSN, a Kafka Connect URL) with the password of its user info and every secret
   * query parameter replaced by {@link #MASK}; a URL without them is returned as it is.
   */
  public static String maskUrl(String url) {
    String masked = url;
    List<Part> parts = new ArrayList<>(urlSecrets(url));
    parts.sort((a, b) -> Integer.compare(b.start, a.start));
    for (Part part : parts) {
      masked = part.replace(masked, MASK);
    }
    return masked;
  }

  /**
   * {@code text} (an error message from a runner or a Kafka Connect trace) with every secret of
   * {@code endpoints} replaced by {@link #MASK}: values of secret options, and the passwords and
   * secret parameters of their URLs, wherever they appear; then every URL in the text is masked as
   * {@link #maskUrl} does.
   */
  public static String scrub(String text, List<Endpoint> endpoints) {
    String scrubbed = text;
    for (Endpoint endpoint : endpoints) {
      for (var option : endpoint.options().entrySet()) {
        String value = option.getValue();
        List<String> secrets = new ArrayList<>();
        if (isSecret(option.getKey())) {
          secrets.add(value);
        }
        for (Part part : urlSecrets(value)) {
          secrets.add(part.of(value));
          secrets.add(decode(part.of(value)));
        }
        for (String secret : secrets) {
          // A secret of one or two characters would mask unrelated text; there is little to hide.
          if (secret.length() > 2 && !secret.equals(MASK)) {
            scrubbed = scrubbed.replace(secret, MASK);
          }
        }
      }
    }
    return URL_IN_TEXT
        .matcher(scrubbed)
        .replaceAll(url -> Matcher.quoteReplacement(maskUrl(url.group())));
  }

  /**
   * What the endpoint connects to and as whom, when it differs between {@code incoming} and {@code
   * stored}: host, port and user for a Postgres source; endpoint, access key and region for S3.
   */
  private static Optional<String> changedTarget(Endpoint incoming, Endpoint stored) {
    if (incoming.type() != stored.type()) {
      return Optional.of("the endpoint type");
    }
    List<String> changed = new ArrayList<>();
    switch (incoming.type()) {
      case POSTGRES -> {
        Optional<PostgresTarget> before = PostgresTarget.of(stored);
        Optional<PostgresTarget> after = PostgresTarget.of(incoming);
        if (before.isEmpty() || after.isEmpty()) {
          changed.add("the connection");
        } else {
          if (!before.get().host.equals(after.get().host)) {
            changed.add("the host");
          }
          if (before.get().port != after.get().port) {
            changed.add("the port");
          }
          if (!before.get().user.equals(after.get().user)) {
            changed.add("the user");
          }
        }
      }
      case S3 -> {
        for (String key :
            new String[] {FlowOptions.ENDPOINT, FlowOptions.ACCESS_KEY, FlowOptions.REGION}) {
          if (!Objects.equals(incoming.option(key), stored.option(key))) {
            changed.add(key);
          }
        }
      }
      default -> {
        if (!incoming.equals(stored)) {
          changed.add("the endpoint");
        }
      }
    }
    return changed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", changed));
  }

  /** Where a Postgres source connects, from its dsn or its host, port and user. */
  private record PostgresTarget(String host, int port, String user) {
    static Optional<PostgresTarget> of(Endpoint source) {
      Optional<String> dsn = source.option(FlowOptions.DSN);
      if (dsn.isPresent()) {
        try {
          PostgresDsn parsed = PostgresDsn.read(dsn.get());
          return Optional.of(
              new PostgresTarget(
                  parsed.host().toLowerCase(Locale.ROOT), parsed.port(), parsed.user()));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
      int port;
      try {
        port =
            source.option(FlowOptions.PORT).map(Integer::parseInt).orElse(PostgresDsn.DEFAULT_PORT);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      return Optional.of(
          new PostgresTarget(
              source.option(FlowOptions.HOST).orElse("").toLowerCase(Locale.ROOT),
              port,
              source.option(FlowOptions.USER).orElse("")));
    }
  }

  /**
   * The secret parts of a URL: the password of its user info (named {@code @password}) and each
   * query parameter named like a secret (named by the parameter, percent-decoded).
   */
  private static List<Part> urlSecrets(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return List.of();
    }
    List<Part> parts = new ArrayList<>();
    int start = scheme + 3;
    int question = url.indexOf('?', start);
    int end = question < 0 ? url.length() : question;
    int slash = url.indexOf('/', start);
    int authorityEnd = slash >= 0 && slash < end ? slash : end;
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at >= start) {
      int colon = url.indexOf(':', start);
      if (colon >= 0 && colon < at) {
        parts.add(new Part("@password", colon + 1, at));
      }
    }
    if (question >= 0) {
      for (int i = question + 1; i < url.length(); ) {
        int amp = url.indexOf('&', i);
        int pairEnd = amp < 0 ? url.length() : amp;
        int equals = url.indexOf('=', i);
        if (equals > i && equals < pairEnd) {
          String name = decode(url.substring(i, equals));
          if (isSecret(name)) {
            parts.add(new Part(name, equals + 1, pairEnd));
          }
        }
        i = pairEnd + 1;
      }
    }
    return parts;
  }

  /** Lenient percent-decoding of a parameter name: a malformed escape stays as it is. */
  private static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
      if (low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** A secret's place in a URL. */
  private record Part(String name, int start, int end) {
    String of(String text) {
      return text.substring(start, end);
    }

    boolean masked(String text) {
      return of(text).equals(MASK);
    }

    String replace(String text, String with) {
      return text.substring(0, start) + with + text.substring(end);
    }

    String describe() {
      return name.equals("@password") ? "password" : "parameter " + name;
    }
  }
}
