package io.ductstream.controlplane.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The API server's TLS files (PEM): its certificate chain, its private key (PKCS#8), and, for
 * mutual TLS, the CA certificates a client's certificate must chain to.
 */
public record TlsFiles(Path certChain, Path privateKey, Optional<Path> clientCa) {}
