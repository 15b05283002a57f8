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
 * ones are closed as soon as they are accepted. It can also answer every request with an HTTP 500
 * (an HTTP server in trouble) or pass bytes on slowly. The caller closes it.
 */
public final class TcpFaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private volatile boolean cutOff;
  private volatile boolean answerErrors;
  private volatile long delayMillis;
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

  /**
   * From now on, every new connection gets one {@code HTTP/1.1 500 Internal Server Error} to its
   * first request and is closed (an HTTP server in trouble); open ones are closed, so pooled
   * clients reconnect and meet it.
   */
  public void answerServerErrors() {
    answerErrors = true;
    for (Socket socket : live) {
      closeQuietly(socket);
    }
  }

  /** From now on, every chunk of bytes, either way, waits {@code delay} before it is passed on. */
  public void slowDown(java.time.Duration delay) {
    delayMillis = delay.toMillis();
  }

  /** Lets connections through again, at full speed. */
  public void restore() {
    cutOff = false;
    answerErrors = false;
    delayMillis = 0;
  }

  /** Requests answered with a 500 by {@link #answerServerErrors()}. */
  public long serverErrors() {
    return serverErrors.get();
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
        if (answerErrors) {
          answerServerError(client);
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
                  long delay = delayMillis;
                  if (delay > 0) {
                    Thread.sleep(delay);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed (or the proxy cut it off): end this direction
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

  /** Reads the request's head, answers 500 and closes, on a thread of its own. */
  private void answerServerError(Socket client) {
    Thread thread =
        new Thread(
            () -> {
              try (client;
                  InputStream in = client.getInputStream();
                  OutputStream out = client.getOutputStream()) {
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                for (int b; matched < end.length && (b = in.read()) >= 0; ) {
                  matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                out.write(
                    ("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                serverErrors.incrementAndGet();
              } catch (IOException e) {
                // the client gave up first: nothing to answer
              }
            },
            "tcp-fault-proxy-500");
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
