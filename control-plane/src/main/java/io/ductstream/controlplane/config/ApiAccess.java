package io.ductstream.controlplane.config;

import java.util.Optional;

/**
 * Who may reach the gRPC API and how: the server's TLS certificate and key, the CA that client
 * certificates must chain to (mTLS), the bearer token every call but health checks must carry,
 * whether server reflection is served, and whether a non-loopback address may go without TLS or
 * authentication. {@link #toString()} never shows the token.
 */
public record ApiAccess(
    Optional<TlsFiles> tls, Optional<String> token, boolean reflection, boolean insecure) {

  /** The shortest token accepted: guessing one must be hopeless. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** No TLS, no token, no reflection: the loopback-only default. */
  public static final ApiAccess NONE =
      new ApiAccess(Optional.empty(), Optional.empty(), false, false);

  /** True when a call must prove who sends it: a token or a client certificate. */
  public boolean authenticates() {
    return token.isPresent() || tls.flatMap(TlsFiles::clientCa).isPresent();
  }

  /** These settings with server reflection on (dev mode). */
  public ApiAccess withReflection() {
    return new ApiAccess(tls, token, true, insecure);
  }

  @Override
  public String toString() {
    return "ApiAccess[tls="
        + tls
        + ", token="
        + (token.isPresent() ? "***" : "none")
        + ", reflection="
        + reflection
        + ", insecure="
        + insecure
        + "]";
  }
}
