package io.ductstream.controlplane.flow;

import java.util.Optional;

/**
 * The secrets in endpoint options: the password in a source {@code dsn}, a source {@code password}
 * and an S3 {@code secret_key}. The store keeps them; every response, log line and error shows
 * {@link #MASK} instead, and an update that sends the mask back keeps the stored secret.
 */
public final class Secrets {
  public static final String MASK = "***";

  private Secrets() {}

  /**
   * True for options that hold a secret as a whole: {@code password}, {@code secret_key}, and
   * connector keys passed through by name ({@code database.password}, {@code
   * s3.secret.access.key}).
   */
  static boolean isSecret(String key) {
    return key.equals(FlowOptions.PASSWORD)
        || key.equals(FlowOptions.SECRET_KEY)
        || (key.indexOf('.') > 0
            && (key.endsWith("password") || key.endsWith("secret.access.key")));
  }

  /**
   * True for options that hold a URL whose password is a secret: {@code dsn}, {@code database.dsn}.
   */
  static boolean isUrlWithSecret(String key) {
    return key.equals(FlowOptions.DSN) || key.equals("database.dsn");
  }

  /** The endpoint with every secret replaced by {@link #MASK}. */
  public static Endpoint masked(Endpoint endpoint) {
    Endpoint result = endpoint;
    for (var option : endpoint.options().entrySet()) {
      if (isSecret(option.getKey())) {
        result = result.withOption(option.getKey(), MASK);
      } else if (isUrlWithSecret(option.getKey())) {
        result = result.withOption(option.getKey(), maskUrl(option.getValue()));
      }
    }
    return result;
  }

  /**
   * {@code incoming} with each secret that is {@link #MASK} replaced by the one in {@code stored}
   * (an updated flow that was read, edited and sent back keeps its secrets).
   */
  public static Endpoint keepStored(Endpoint incoming, Endpoint stored) {
    Endpoint result = incoming;
    for (var option : incoming.options().entrySet()) {
      String key = option.getKey();
      String value = option.getValue();
      String storedValue = stored.options().get(key);
      if (storedValue == null) {
        continue;
      }
      if (isSecret(key) && MASK.equals(value)) {
        result = result.withOption(key, storedValue);
      } else if (isUrlWithSecret(key)) {
        Optional<Span> masked = passwordSpan(value).filter(s -> s.of(value).equals(MASK));
        Optional<Span> secret = passwordSpan(storedValue);
        if (masked.isPresent() && secret.isPresent()) {
          result =
              result.withOption(key, masked.get().replace(value, secret.get().of(storedValue)));
        }
      }
    }
    return result;
  }

  /**
   * A URL (a Postgres DSN, a Kafka Connect URL) with its password, in the user info or a JDBC
   * {@code password=} parameter, replaced by {@link #MASK}; a URL without one is returned as it is.
   */
  public static String maskUrl(String dsn) {
    return passwordSpan(dsn).map(span -> span.replace(dsn, MASK)).orElse(dsn);
  }

  /** Where the password is in a Postgres URL, parsed as PostgresDsn parses it. */
  private static Optional<Span> passwordSpan(String dsn) {
    int scheme = dsn.indexOf("://");
    if (scheme < 0) {
      return Optional.empty();
    }
    int start = scheme + 3;
    int question = dsn.indexOf('?', start);
    int end = question < 0 ? dsn.length() : question;
    int slash = dsn.indexOf('/', start);
    int authorityEnd = slash >= 0 && slash < end ? slash : end;
    int at = dsn.lastIndexOf('@', authorityEnd - 1);
    if (at >= start) {
      int colon = dsn.indexOf(':', start);
      if (colon >= 0 && colon < at) {
        return Optional.of(new Span(colon + 1, at));
      }
    }
    if (question >= 0) {
      for (int i = question + 1; i < dsn.length(); ) {
        int amp = dsn.indexOf('&', i);
        int pairEnd = amp < 0 ? dsn.length() : amp;
        if (dsn.startsWith("password=", i)) {
          return Optional.of(new Span(i + "password=".length(), pairEnd));
        }
        i = pairEnd + 1;
      }
    }
    return Optional.empty();
  }

  private record Span(int start, int end) {
    String of(String text) {
      return text.substring(start, end);
    }

    String replace(String text, String with) {
      return text.substring(0, start) + with + text.substring(end);
    }
  }
}
