package io.ductstream.controlplane.cli.admin;

import picocli.CommandLine.Option;

/**
 * Where every admin subcommand finds the API server: {@code -endpoint host:port} and {@code
 * -insecure}.
 */
public final class EndpointOptions {
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
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Plaintext connection; -insecure=false uses TLS with the JVM's trusted CAs"
              + " (default: ${DEFAULT-VALUE}).")
  boolean insecure;

  public String endpoint() {
    return endpoint;
  }

  public boolean insecure() {
    return insecure;
  }
}
