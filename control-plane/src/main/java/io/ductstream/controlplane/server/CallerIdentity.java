package io.ductstream.controlplane.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Names the caller of each call, for the record of who approved, rejected or applied a schema
 * change: the subject of the client certificate under mutual TLS, else {@code api <peer address>}.
 * The services read it with {@link #current()}.
 */
final class CallerIdentity implements ServerInterceptor {
  private static final Context.Key<String> CALLER = Context.key("ductstream-caller");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String caller =
        describe(
            call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION),
            call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }

  /** The caller of the current call; {@code api} outside one (the services called directly). */
  static String current() {
    String caller = CALLER.get();
    return caller == null ? "api" : caller;
  }

  static String describe(SSLSession session, SocketAddress peer) {
    if (session != null) {
      try {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
          return certificate.getSubjectX500Principal().getName();
        }
      } catch (SSLPeerUnverifiedException e) {
        // TLS without a client certificate: named by address below
      }
    }
    return "api " + address(peer);
  }

  private static String address(SocketAddress peer) {
    if (peer instanceof InetSocketAddress inet) {
      String host =
          inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return peer == null ? "unknown" : peer.toString();
  }
}
