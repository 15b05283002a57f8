package io.ductstream.controlplane.server;

import io.ductstream.controlplane.config.ApiAccess;
import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.config.SettingsException;
import io.ductstream.controlplane.config.TlsFiles;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How the API server's socket is protected: the TLS credentials from the settings' files, and the
 * rule that an address other machines can reach needs TLS and authentication.
 */
final class TransportSecurity {
  private TransportSecurity() {}

  /**
   * A listen address other than loopback must have TLS and authentication (a token or client
   * certificates), unless DUCTSTREAM_GRPC_INSECURE says a proxy in front provides them.
   */
  static void requireProtectedWhenExposed(ServerSettings settings) {
    ApiAccess access = settings.apiAccess();
    if (settings.grpcListen().isLoopback() || access.insecure()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    if (access.tls().isEmpty()) {
      missing.add(
          "no TLS (set "
              + ServerSettings.GRPC_TLS_CERT
              + " and "
              + ServerSettings.GRPC_TLS_KEY
              + ")");
    }
    if (!access.authenticates()) {
      missing.add(
          "no authentication (set "
              + ServerSettings.API_TOKEN
              + " or "
              + ServerSettings.GRPC_TLS_CLIENT_CA
              + ")");
    }
    if (!missing.isEmpty()) {
      throw new SettingsException(
          ServerSettings.GRPC_LISTEN
              + "="
              + settings.grpcListen()
              + " is reachable from other machines but the API has "
              + String.join(" and ", missing)
              + "; fix that, listen on loopback (\":8080\"), or set "
              + ServerSettings.GRPC_INSECURE
              + "=true if a proxy in front provides TLS and authentication");
    }
  }

  static ServerCredentials credentials(ApiAccess access) {
    if (access.tls().isEmpty()) {
      return InsecureServerCredentials.create();
    }
    TlsFiles files = access.tls().get();
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
    try {
      tls.keyManager(files.certChain().toFile(), files.privateKey().toFile());
    } catch (IOException e) {
      throw new SettingsException(
          "cannot read "
              + ServerSettings.GRPC_TLS_CERT
              + "="
              + files.certChain()
              + " or "
              + ServerSettings.GRPC_TLS_KEY
              + "="
              + files.privateKey()
              + " ("
              + e.getMessage()
              + ")");
    }
    if (files.clientCa().isPresent()) {
      try {
        tls.trustManager(files.clientCa().get().toFile());
      } catch (IOException e) {
        throw new SettingsException(
            "cannot read "
                + ServerSettings.GRPC_TLS_CLIENT_CA
                + "="
                + files.clientCa().get()
                + " ("
                + e.getMessage()
                + ")");
      }
      tls.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return tls.build();
  }
}
