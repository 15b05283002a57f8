package io.ductstream.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ductstream.controlplane.config.ServerSettings;
import io.ductstream.controlplane.server.RunningApiServer;
import io.ductstream.controlplane.server.TestCertificates;
import io.ductstream.testkit.PostgresServer;
import io.ductstream.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ductstream-admin against an API server that wants TLS, a client certificate and a token. */
class AdminCliSecurityIT {
  private static final String TOKEN = "admin-cli-token-0123456789";

  @TempDir static Path dir;

  private static TestCertificates certs;
  private static RunningApiServer server;

  @BeforeAll
  static void startServer() throws Exception {
    certs = TestCertificates.create(dir);
    TestDatabase store = PostgresServer.shared().createDatabase("admin_cli_security_it");
    server =
        RunningApiServer.start(
            store,
            Map.of(
                ServerSettings.GRPC_TLS_CERT, certs.serverCert().toString(),
                ServerSettings.GRPC_TLS_KEY, certs.serverKey().toString(),
                ServerSettings.GRPC_TLS_CLIENT_CA, certs.caCert().toString(),
                ServerSettings.API_TOKEN, TOKEN));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void caCertClientCertAndTokenGetIn() {
    CliRun run = admin(withTls("-token", TOKEN, "-json"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("{");
  }

  @Test
  void withoutTheTokenIsOneLineUnauthenticated() {
    CliRun run = admin(withTls());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-admin: UNAUTHENTICATED: this API needs a bearer token");
  }

  @Test
  void wrongTokenIsOneLineUnauthenticated() {
    CliRun run = admin(withTls("-token", "not-the-token-0123456789"));

    assertThat(run.errLines())
        .containsExactly(
            "ductstream-admin: UNAUTHENTICATED: the bearer token is not the server's"
                + " DUCTSTREAM_API_TOKEN");
  }

  @Test
  void withoutTheClientCertificateTheTlsHandshakeFailsInOneLine() {
    CliRun run =
        admin(
            "flow",
            "list",
            "-endpoint",
            endpoint(),
            "-cacert",
            certs.caCert().toString(),
            "-token",
            TOKEN);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-admin: UNAVAILABLE: cannot reach the API server at " + endpoint())
        .contains("; TLS failed (")
        .endsWith("); check -cacert, -cert and -key");
  }

  @Test
  void plaintextToATlsServerFailsInOneLine() {
    CliRun run = admin("flow", "list", "-endpoint", endpoint(), "-token", TOKEN);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-admin: UNAVAILABLE");
  }

  @Test
  void certWithoutKeyIsOneLine() {
    CliRun run =
        admin("flow", "list", "-endpoint", endpoint(), "-cert", certs.clientCert().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "ductstream-admin: -cert needs -key, the PEM private key of the client certificate");
  }

  @Test
  void insecureWithCaCertIsOneLine() {
    CliRun run =
        admin(
            "flow",
            "list",
            "-endpoint",
            endpoint(),
            "-insecure",
            "-cacert",
            certs.caCert().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "ductstream-admin: -cacert and -cert are for TLS connections; drop -insecure or set"
                + " -insecure=false");
  }

  @Test
  void unreadableCaCertIsOneLineNamingTheFlag() {
    Path missing = dir.resolve("missing.pem");
    CliRun run = admin("flow", "list", "-endpoint", endpoint(), "-cacert", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("ductstream-admin: cannot read -cacert " + missing);
  }

  /** The server's certificate names localhost, not 127.0.0.1's reverse name. */
  private static String endpoint() {
    return "localhost:" + server.endpoint().substring(server.endpoint().lastIndexOf(':') + 1);
  }

  private static String[] withTls(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "flow",
                "list",
                "-endpoint",
                endpoint(),
                "-cacert",
                certs.caCert().toString(),
                "-cert",
                certs.clientCert().toString(),
                "-key",
                certs.clientKey().toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static CliRun admin(String... args) {
    return CliRun.of(AdminMain.commandLine(new ByteArrayInputStream(new byte[0])), args);
  }
}
