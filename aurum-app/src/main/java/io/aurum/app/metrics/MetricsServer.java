package io.aurum.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} in the Prometheus text format (0.0.4), on the JDK's HTTP server: one daemon
 * thread, every interface of the host, the port asked for (0: any free one). Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Serves {@code registry} on {@code port}; throws if the port is taken. */
  public static MetricsServer start(PrometheusMeterRegistry registry, int port) {
    return start(registry, port, null);
  }

  /**
   * As above, and with {@code ready} (a worker's, a relay's) also {@code GET /health/live} (200
   * while the process runs) and {@code /health/ready} (200 while {@code ready} is true, else 503),
   * the paths the Kubernetes probes ask (deploy/k8s/worker-deployment.yaml). Null: no health paths.
   */
  public static MetricsServer start(
      PrometheusMeterRegistry registry, int port, java.util.function.BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "aurum-metrics");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, registry, ready));
    server.start();
    return new MetricsServer(server, executor);
  }

  private static void handle(
      HttpExchange exchange,
      PrometheusMeterRegistry registry,
      java.util.function.BooleanSupplier ready)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", method);
        return;
      }
      if ("/metrics".equals(path)) {
        send(exchange, 200, CONTENT_TYPE, registry.scrape(), method);
      } else if (ready != null && "/health/live".equals(path)) {
        send(exchange, 200, "text/plain; charset=utf-8", "live\n", method);
      } else if (ready != null && "/health/ready".equals(path)) {
        boolean ok = ready.getAsBoolean();
        send(
            exchange,
            ok ? 200 : 503,
            "text/plain; charset=utf-8",
            ok
                ? "ready\n"
                : "not ready: the store does not answer, the worker is not registered, or the"
                    + " relay's last batch failed\n",
            method);
      } else if ("/".equals(path)) {
        send(
            exchange,
            200,
            "text/plain; charset=utf-8",
            "Aurum: the metrics are at /metrics\n",
            method);
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics\n", method);
      }
    }
  }

  private static void send(
      HttpExchange exchange, int status, String type, String body, String method)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if ("HEAD".equals(method)) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port it listens on (the one chosen when asked for 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
