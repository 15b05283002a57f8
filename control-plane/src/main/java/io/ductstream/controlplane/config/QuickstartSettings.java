package io.ductstream.controlplane.config;

import io.ductstream.contract.pg.PostgresDsn;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ductstream quickstart} uses instead of its embedded parts, read from the environment:
 * a source database of your own ({@link #SOURCE_DSN}) and an S3 store of your own ({@link
 * #S3_ENDPOINT} or {@link #S3_BUCKET}). The store is {@link ServerSettings#POSTGRES_DSN}, as for
 * the API server.
 */
public record QuickstartSettings(
    Optional<PostgresDsn> sourceDsn,
    Optional<URI> s3Endpoint,
    Optional<String> s3Bucket,
    String s3Region,
    Optional<String> s3AccessKey,
    Optional<String> s3SecretKey) {

  /** The database the sample tables are made in and streamed from (a superuser there). */
  public static final String SOURCE_DSN = "DUCTSTREAM_QUICKSTART_SOURCE_DSN";

  /** An S3-compatible server instead of the embedded one (MinIO, ...). */
  public static final String S3_ENDPOINT = "DUCTSTREAM_QUICKSTART_S3_ENDPOINT";

  /** The bucket to write to; with no endpoint, on AWS S3. */
  public static final String S3_BUCKET = "DUCTSTREAM_QUICKSTART_S3_BUCKET";

  public static final String S3_REGION = "DUCTSTREAM_QUICKSTART_S3_REGION";
  public static final String S3_ACCESS_KEY = "DUCTSTREAM_QUICKSTART_S3_ACCESS_KEY";
  public static final String S3_SECRET_KEY = "DUCTSTREAM_QUICKSTART_S3_SECRET_KEY";

  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * @throws SettingsException for the first invalid value, naming the variable and the fix
   */
  public static QuickstartSettings read(Map<String, String> env) {
    Optional<String> accessKey = value(env, S3_ACCESS_KEY);
    Optional<String> secretKey = value(env, S3_SECRET_KEY);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new SettingsException(
          (accessKey.isPresent() ? S3_SECRET_KEY : S3_ACCESS_KEY)
              + " is not set but "
              + (accessKey.isPresent() ? S3_ACCESS_KEY : S3_SECRET_KEY)
              + " is; set both, or neither for the embedded S3 server or the default AWS"
              + " credentials");
    }
    return new QuickstartSettings(
        value(env, SOURCE_DSN).map(QuickstartSettings::sourceDsn),
        value(env, S3_ENDPOINT).map(QuickstartSettings::endpoint),
        value(env, S3_BUCKET),
        value(env, S3_REGION).orElse(DEFAULT_REGION),
        accessKey,
        secretKey);
  }

  /** True when the quick start starts its own S3 server. */
  public boolean embeddedS3() {
    return s3Endpoint.isEmpty() && s3Bucket.isEmpty();
  }

  private static PostgresDsn sourceDsn(String value) {
    try {
      return PostgresDsn.parse(value);
    } catch (IllegalArgumentException e) {
      // The value is not repeated: it may hold a password.
      throw new SettingsException(
          SOURCE_DSN
              + " is not a PostgreSQL URL ("
              + e.getMessage()
              + "); use \"postgres://user:pass@host:5432/db?sslmode=disable\"");
    }
  }

  private static URI endpoint(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // the message below
    }
    throw new SettingsException(
        S3_ENDPOINT
            + "=\""
            + value
            + "\" is not an http(s) URL; use e.g. \"http://localhost:9000\"");
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }
}
