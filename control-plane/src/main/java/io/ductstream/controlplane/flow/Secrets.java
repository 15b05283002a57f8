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

  /** The endpoint with every secret replaced by {@link #MASK}. */
  public static Endpoint masked(Endpoint endpoint) {
    Endpoint result = endpoint;
    for (String key : new String[] {FlowOptions.PASSWORD, FlowOptions.SECRET_KEY}) {
      if (endpoint.option(key).isPresent()) {
        result = result.withOption(key, MASK);
      }
    }
    Optional<String> dsn = endpoint.option(FlowOptions.DSN);
    if (dsn.isPresent()) {
      result = result.withOption(FlowOptions.DSN, maskUrl(dsn.get()));
    }
    return result;
  }

  /**
   * {@code incoming} with each secret that is {@link #MASK} replaced by the one in {@code stored}
   * (an updated flow that was read, edited and sent back keeps its secrets).
   */
  public static Endpoint keepStored(Endpoint incoming, Endpoint stored) {
    Endpoint result = incoming;
    for (String key : new String[] {FlowOptions.PASSWORD, FlowOptions.SECRET_KEY}) {
      if (MASK.equals(incoming.options().get(key)) && stored.option(key).isPresent()) {
        result = result.withOption(key, stored.options().get(key));
      }
    }
    String dsn = incoming.options().get(FlowOptions.DSN);
    String storedDsn = stored.options().get(FlowOptions.DSN);
    if (dsn != null && storedDsn != null) {
      Optional<Span> masked = passwordSpan(dsn).filter(s -> s.of(dsn).equals(MASK));
      Optional<Span> secret = passwordSpan(storedDsn);
      if (masked.isPresent() && secret.isPresent()) {
        result =
            result.withOption(
                FlowOptions.DSN, masked.get().replace(dsn, secret.get().of(storedDsn)));
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
