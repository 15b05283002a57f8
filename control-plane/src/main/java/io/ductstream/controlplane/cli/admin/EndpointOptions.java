package io.ductstream.controlplane.cli.admin;

import io.ductstream.controlplane.config.ServerSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where every admin subcommand finds the API server and how it proves itself there: {@code
 * -endpoint host:port}, {@code -insecure}, {@code -cacert}, {@code -cert}/{@code -key} and {@code
 * -token} (or {@code DUCTSTREAM_API_TOKEN}).
 */
public final class EndpointOptions {
  /** The variable the token is read from when {@code -token} is not given. */
  public static final String TOKEN_VARIABLE = ServerSettings.API_TOKEN;

  @Option(
      names = {"-endpoint", "--endpoint"},
      paramLabel = "HOST:PORT",
      defaultValue = "localhost:8080",
      description = "API server address (default: ${DEFAULT-VALUE}).")
  String endpoint;

  @Option(
      names = {"-insecure", "--insecure"},
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      description = {
        "Plaintext connection; -insecure=false uses TLS (the JVM's trusted CAs unless -cacert).",
        "Default: true, or false when -cacert or -cert is given."
      })
  Boolean insecure;

  @Option(
      names = {"-cacert", "--cacert"},
      paramLabel = "FILE",
      description = "PEM file of the CA(s) that signed the server's certificate; implies TLS.")
  Path caCert;

  @Option(
      names = {"-cert", "--cert"},
      paramLabel = "FILE",
      description = "PEM client certificate for servers that require one (mTLS); needs -key.")
  Path clientCert;

  @Option(
      names = {"-key", "--key"},
      paramLabel = "FILE",
      description = "PEM (PKCS#8) private key of -cert.")
  Path clientKey;

  @Option(
      names = {"-token", "--token"},
      paramLabel = "TOKEN",
      defaultValue = "${env:" + TOKEN_VARIABLE + "}",
      description = {
        "Bearer token the server wants (its DUCTSTREAM_API_TOKEN). Default: the",
        "DUCTSTREAM_API_TOKEN environment variable, which, unlike the flag, other users cannot",
        "see in the process list."
      })
  String token;

  public String endpoint() {
    return endpoint;
  }

  /** Plaintext when asked, or when neither -insecure nor a TLS file says otherwise. */
  public boolean insecure() {
    if (insecure != null) {
      return insecure;
    }
    return caCert == null && clientCert == null;
  }

  public Optional<Path> caCert() {
    return Optional.ofNullable(caCert);
  }

  public Optional<Path> clientCert() {
    return Optional.ofNullable(clientCert);
  }

  public Optional<Path> clientKey() {
    return Optional.ofNullable(clientKey);
  }

  public Optional<String> token() {
    return Optional.ofNullable(token).map(String::trim).filter(t -> !t.isEmpty());
  }
}
