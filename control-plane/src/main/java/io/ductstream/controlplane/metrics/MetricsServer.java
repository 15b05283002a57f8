package io.ductstream.controlplane.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ductstream.controlplane.config.ListenAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in the Prometheus text format (0.0.4), on the JDK's HTTP server: one thread,
 * every other path 404, every other method 405.
 */
final class MetricsServer implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ListenAddress address;

  private MetricsServer(HttpServer server, ExecutorService executor, ListenAddress address) {
    this.server = server;
    this.executor = executor;
    this.address = address;
  }

  static MetricsServer start(ListenAddress listen, Supplier<String> scrape) throws IOException {
    HttpServer server = HttpServer.create(listen.toSocketAddress(), 0);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "ductstream-metrics-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, scrape));
    server.start();
    return new MetricsServer(
        server,
        executor,
        new ListenAddress(
            listen.defaultHost() ? "127.0.0.1" : listen.host(), server.getAddress().getPort()));
  }

  private static void handle(HttpExchange exchange, Supplier<String> scrape) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        reply(
            exchange, 404, "text/plain; charset=utf-8", "not found: the meters are at /metrics\n");
      } else if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
      } else {
        reply(exchange, 200, CONTENT_TYPE, scrape.get());
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The bound address (the port the system chose for port 0). */
  ListenAddress address() {
    return address;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
