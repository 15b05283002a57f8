package io.ductstream.controlplane.cli.admin;

import io.ductstream.api.v1.CheckpointServiceGrpc;
import io.ductstream.api.v1.CheckpointServiceGrpc.CheckpointServiceBlockingStub;
import io.ductstream.api.v1.DDLServiceGrpc;
import io.ductstream.api.v1.DDLServiceGrpc.DDLServiceBlockingStub;
import io.ductstream.api.v1.FlowServiceGrpc;
import io.ductstream.api.v1.FlowServiceGrpc.FlowServiceBlockingStub;
import io.ductstream.controlplane.cli.CommandFailure;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * A connection to the API server for one admin command. RPC failures become a {@link
 * CommandFailure} whose one line is {@code <CODE>: <description>}.
 */
public final class ApiChannel implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String endpoint;
  private final boolean plaintext;
  private final ManagedChannel channel;

  private ApiChannel(String endpoint, boolean plaintext, ManagedChannel channel) {
    this.endpoint = endpoint;
    this.plaintext = plaintext;
    this.channel = channel;
  }

  public static ApiChannel open(EndpointOptions options) {
    ManagedChannelBuilder<?> channel =
        Grpc.newChannelBuilder(options.endpoint(), credentials(options));
    options
        .token()
        .ifPresent(
            token -> {
              Metadata headers = new Metadata();
              headers.put(AUTHORIZATION, "Bearer " + token);
              channel.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
            });
    return new ApiChannel(options.endpoint(), options.insecure(), channel.build());
  }

  private static ChannelCredentials credentials(EndpointOptions options) {
    if (options.clientCert().isPresent() != options.clientKey().isPresent()) {
      throw new CommandFailure(
          options.clientCert().isPresent()
              ? "-cert needs -key, the PEM private key of the client certificate"
              : "-key needs -cert, the PEM client certificate");
    }
    if (options.insecure()) {
      if (options.caCert().isPresent() || options.clientCert().isPresent()) {
        throw new CommandFailure(
            "-cacert and -cert are for TLS connections; drop -insecure or set -insecure=false");
      }
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    options
        .caCert()
        .ifPresent(file -> read("-cacert", file, () -> tls.trustManager(file.toFile())));
    options
        .clientCert()
        .ifPresent(
            cert ->
                read(
                    "-cert/-key",
                    cert,
                    () -> tls.keyManager(cert.toFile(), options.clientKey().get().toFile())));
    return tls.build();
  }

  private static void read(String flag, Path file, TlsFileReader reader) {
    try {
      reader.read();
    } catch (IOException e) {
      throw new CommandFailure("cannot read " + flag + " " + file + " (" + e.getMessage() + ")", e);
    }
  }

  @FunctionalInterface
  private interface TlsFileReader {
    void read() throws IOException;
  }

  /** Calls a FlowService RPC. */
  public <T> T flows(Function<FlowServiceBlockingStub, T> rpc) {
    return call(rpc, FlowServiceGrpc.newBlockingStub(channel));
  }

  /** Calls a CheckpointService RPC. */
  public <T> T checkpoints(Function<CheckpointServiceBlockingStub, T> rpc) {
    return call(rpc, CheckpointServiceGrpc.newBlockingStub(channel));
  }

  /** Calls a DDLService RPC. */
  public <T> T ddl(Function<DDLServiceBlockingStub, T> rpc) {
    return call(rpc, DDLServiceGrpc.newBlockingStub(channel));
  }

  private <S extends io.grpc.stub.AbstractStub<S>, T> T call(Function<S, T> rpc, S stub) {
    try {
      return rpc.apply(stub.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw new CommandFailure(describe(e.getStatus()), e);
    }
  }

  /** The one line a failed call prints after {@code ductstream-admin: }. */
  String describe(Status status) {
    String code = status.getCode().name();
    return switch (status.getCode()) {
      case UNAVAILABLE -> code + ": " + unavailable(status);
      case DEADLINE_EXCEEDED ->
          code
              + ": the API server at "
              + endpoint
              + " did not answer within "
              + DEADLINE.toSeconds()
              + "s";
      default ->
          code
              + ": "
              + (status.getDescription() == null
                  ? "(no description)"
                  : oneLine(status.getDescription()));
    };
  }

  /** Nobody listening, a TLS handshake that failed, or a server that speaks TLS to plaintext. */
  private String unavailable(Status status) {
    if (status.getCause() instanceof ConnectException || status.getCause() == null) {
      return "cannot reach the API server at " + endpoint + "; start it with bin/ductstream";
    }
    SSLException tls = null;
    for (Throwable t = status.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        tls = ssl;
      }
    }
    if (tls != null) {
      return "cannot reach the API server at "
          + endpoint
          + "; TLS failed ("
          + oneLine(String.valueOf(tls.getMessage()))
          + "); check -cacert, -cert and -key";
    }
    return "cannot talk to the API server at "
        + endpoint
        + " ("
        + oneLine(String.valueOf(status.getDescription()))
        + ")"
        + (plaintext
            ? "; if it speaks TLS, pass -cacert FILE (or -insecure=false for a certificate the JVM"
                + " trusts)"
            : "");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
