package io.ductstream.controlplane.server;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a call through only when it carries {@code authorization: Bearer <DUCTSTREAM_API_TOKEN>};
 * the health service stays open so load balancers and orchestrators can probe the server. Tokens
 * are compared by their SHA-256 digests in constant time.
 */
final class BearerTokenCheck implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";
  private static final Logger log = LoggerFactory.getLogger(BearerTokenCheck.class);

  private final byte[] expectedDigest;

  BearerTokenCheck(String token) {
    this.expectedDigest = sha256(token);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String authorization = headers.get(AUTHORIZATION);
    String refusal;
    if (authorization == null) {
      refusal =
          "this API needs a bearer token: send the header \"authorization: Bearer <token>\" with"
              + " the server's DUCTSTREAM_API_TOKEN (ductstream-admin: set DUCTSTREAM_API_TOKEN or"
              + " pass -token)";
    } else if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !MessageDigest.isEqual(
            expectedDigest, sha256(authorization.substring(BEARER.length()).trim()))) {
      refusal = "the bearer token is not the server's DUCTSTREAM_API_TOKEN";
    } else {
      return next.startCall(call, headers);
    }
    log.warn(
        "refused {} from {}: {}",
        call.getMethodDescriptor().getFullMethodName(),
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
        authorization == null ? "no bearer token" : "wrong bearer token");
    call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
