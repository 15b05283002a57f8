package io.ductstream.controlplane.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and two certificates it signed, made with the JDK's keytool: a server certificate for
 * localhost and 127.0.0.1, and a client certificate. Every file is PEM; keys are PKCS#8.
 */
public record TestCertificates(
    Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {
  private static final String PASSWORD = "changeit";

  /** Creates the CA and the certificates in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    Path ca = dir.resolve("ca.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=DuctStream test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        ca.toString());
    Path caCert = dir.resolve("ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-file",
        caCert.toString());
    Path[] server =
        signed(
            dir, ca, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
    Path[] client = signed(dir, ca, "client", "CN=ductstream-admin", null, "EKU=clientAuth");
    return new TestCertificates(caCert, server[0], server[1], client[0], client[1]);
  }

  /** A key pair in its own keystore, signed by the CA: {certificate PEM, key PEM}. */
  private static Path[] signed(Path dir, Path ca, String name, String dname, String san, String eku)
      throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-validity",
        "2",
        "-keystore",
        store.toString());
    Path request = dir.resolve(name + ".csr");
    keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
    Path cert = dir.resolve(name + ".pem");
    List<String> sign =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-infile",
                request.toString(),
                "-outfile",
                cert.toString(),
                "-validity",
                "2",
                "-ext",
                eku));
    if (san != null) {
      sign.addAll(List.of("-ext", san));
    }
    keytool(sign.toArray(String[]::new));
    Path key = dir.resolve(name + "-key.pem");
    Files.writeString(key, pem(privateKey(store, name)));
    return new Path[] {cert, key};
  }

  private static PrivateKey privateKey(Path store, String alias) throws IOException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD.toCharArray());
      return (PrivateKey) keys.getKey(alias, PASSWORD.toCharArray());
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
