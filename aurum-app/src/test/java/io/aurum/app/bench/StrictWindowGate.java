package io.aurum.app.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quota server no client can fault by luck: an HTTP gate in front of the sandbox that lets at
 * most {@code limit} requests through in any sliding window of {@code period} (the strictest
 * reading of "N a second" or "N a minute", judged at each request's arrival) and answers the rest
 * 429 with the whole seconds until the window frees a slot as {@code Retry-After}. Requests that
 * pass are forwarded to the sandbox (its own quotas off) and answered with its status, content type
 * and body. {@link RequestsBench} uses it until the sandbox has a strict-window mode of its own.
 * Thread-safe.
 */
final class StrictWindowGate implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private final String upstream;
  private final int limit;
  private final long periodNanos;
  private final ArrayDeque<Long> passed = new ArrayDeque<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile long firstNanos;
  private volatile long lastNanos;
  private final java.util.List<Double> refusedAt = new java.util.ArrayList<>();

  private StrictWindowGate(String upstream, int limit, Duration period) throws IOException {
    this.upstream = upstream;
    this.limit = limit;
    this.periodNanos = period.toNanos();
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** A gate of {@code limit} requests per sliding {@code period} in front of {@code upstream}. */
  static StrictWindowGate start(String upstream, int limit, Duration period) {
    try {
      StrictWindowGate gate = new StrictWindowGate(upstream, limit, period);
      gate.server.start();
      return gate;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests that reached the gate, passed or refused. */
  long requests() {
    return requests.get();
  }

  /** Requests refused with a 429. */
  long refused() {
    return refused.get();
  }

  /** When the refused requests arrived, in seconds after the first request (at most 20). */
  synchronized java.util.List<Double> refusedAt() {
    return java.util.List.copyOf(refusedAt.subList(0, Math.min(20, refusedAt.size())));
  }

  /** Seconds from the first request's arrival to the last one's. */
  double spanSeconds() {
    return (lastNanos - firstNanos) / 1e9;
  }

  /** Empty when the request may pass (and is counted in the window), else seconds to wait. */
  private synchronized long admit(long now) {
    if (requests.getAndIncrement() == 0) {
      firstNanos = now;
    }
    lastNanos = now;
    while (!passed.isEmpty() && now - passed.peekFirst() >= periodNanos) {
      passed.pollFirst();
    }
    if (passed.size() < limit) {
      passed.addLast(now);
      return 0;
    }
    refusedAt.add(Math.round((now - firstNanos) / 1e7) / 100.0);
    long waitNanos = passed.peekFirst() + periodNanos - now;
    return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      long wait = admit(System.nanoTime());
      if (wait > 0) {
        refused.incrementAndGet();
        byte[] body = "{\"error\":\"Too many requests: the rate limit was exceeded.\"}".getBytes();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Retry-After", Long.toString(wait));
        ex.sendResponseHeaders(429, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI().toString()))
              .timeout(Duration.ofMinutes(2));
      for (var h : ex.getRequestHeaders().entrySet()) {
        if (FORWARDED.stream().anyMatch(f -> f.equalsIgnoreCase(h.getKey()))) {
          h.getValue().forEach(v -> forward.header(h.getKey(), v));
        }
      }
      byte[] requestBody = ex.getRequestBody().readAllBytes();
      forward.method(
          ex.getRequestMethod(),
          requestBody.length == 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      HttpResponse<byte[]> r =
          client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      r.headers()
          .firstValue("Content-Type")
          .ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
      r.headers()
          .firstValue("Retry-After")
          .ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
      byte[] body = r.body();
      ex.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Request headers the sandbox's emulators read (keys, tokens, content type). */
  private static final List<String> FORWARDED =
      List.of("token", "Ocp-Apim-Subscription-Key", "Content-Type", "Accept");

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
