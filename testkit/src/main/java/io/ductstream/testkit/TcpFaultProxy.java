package io.ductstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a test server that a test can cut off and restore, to make a server
 * "unavailable for a while" without stopping it: while cut off, open connections are closed and new
 * ones are closed as soon as they are accepted. The caller closes it.
 */
public final class TcpFaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean cutOff;
  private volatile boolean closed;

  private TcpFaultProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** A proxy on a free local port forwarding to {@code target}'s host and port. */
  public static TcpFaultProxy start(URI target) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpFaultProxy proxy =
          new TcpFaultProxy(server, new InetSocketAddress(target.getHost(), target.getPort()));
      Thread acceptor = new Thread(proxy::acceptLoop, "tcp-fault-proxy-" + server.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the TCP fault proxy: " + e.getMessage(), e);
    }
  }

  /** {@code http://127.0.0.1:<port>}: the address clients use instead of the target's. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** From now on, no connection gets through; open ones are closed. */
  public void cutOff() {
    cutOff = true;
    for (Socket socket : live) {
      closeQuietly(socket);
    }
  }

  /** Lets connections through again. */
  public void restore() {
    cutOff = false;
  }

  /** Connections closed at once because the proxy was cut off. */
  public long refusedConnections() {
    return refused.get();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    live.forEach(TcpFaultProxy::closeQuietly);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (cutOff) {
          refused.incrementAndGet();
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        live.add(client);
        live.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
        // one failed connection; the client sees it closed and the loop serves the next one
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed (or the proxy cut it off): end this direction
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                live.remove(from);
                live.remove(to);
              }
            },
            "tcp-fault-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing a socket that is already broken: nothing left to release
    }
  }
}
