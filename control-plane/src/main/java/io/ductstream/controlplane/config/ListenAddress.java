package io.ductstream.controlplane.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the gRPC server listens: {@code :8080} (the loopback interface only, {@code
 * 127.0.0.1:8080}), {@code host:8080}, {@code 0.0.0.0:8080} (every IPv4 interface) or {@code
 * [::]:8080} (every interface). Port 0 picks a free port.
 */
public record ListenAddress(String host, int port) {

  public ListenAddress {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535");
    }
  }

  /**
   * Parses the {@code DUCTSTREAM_GRPC_LISTEN} forms.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating the value
   */
  public static ListenAddress parse(String value) {
    String text = value.trim();
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException("an IPv6 host needs the form [::1]:port");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("it has no port");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException("write an IPv6 host in brackets, e.g. [::1]:8080");
      }
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("the port is not a number");
    }
    return new ListenAddress(host, Integer.parseInt(port));
  }

  /** True for {@code :port}: no host given, so the server listens on loopback only. */
  public boolean defaultHost() {
    return host.isEmpty();
  }

  /**
   * True when only this machine can connect: no host, or a host that resolves to a loopback
   * address. A name that does not resolve counts as not loopback.
   */
  public boolean isLoopback() {
    if (defaultHost()) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The address to bind: {@code :port} is the loopback address, never every interface. */
  public InetSocketAddress toSocketAddress() {
    return defaultHost()
        ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port)
        : new InetSocketAddress(host, port);
  }

  /** This address with another port, e.g. the one the server actually bound for port 0. */
  public ListenAddress withPort(int boundPort) {
    return new ListenAddress(host, boundPort);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
