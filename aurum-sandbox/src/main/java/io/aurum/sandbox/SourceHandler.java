package io.aurum.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves one source: counts the request, applies latency, the quota and injected faults around the
 * emulator, and writes the answer (damaged when a body fault is due). Thread-safe.
 */
final class SourceHandler implements HttpHandler {
  private final SourceEmulator emulator;
  private final Faults faults;
  private final SourceStats stats = new SourceStats();
  private final AtomicReference<Quota> quota = new AtomicReference<>();

  SourceHandler(SourceEmulator emulator, Quota quota, long seed) {
    this.emulator = emulator;
    this.faults = new Faults(seed);
    faults.values().supported(emulator.badValues(faults.values()));
    this.quota.set(quota);
  }

  SourceEmulator emulator() {
    return emulator;
  }

  Faults faults() {
    return faults;
  }

  SourceStats stats() {
    return stats;
  }

  /** Replaces the quota; null disables it. */
  void quota(Quota q) {
    quota.set(q);
  }

  Quota quota() {
    return quota.get();
  }

  void reset() {
    stats.reset();
    faults.clear();
    Quota q = quota.get();
    if (q != null) {
      q.refill();
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (ConnectionDropped dropped) {
      // Leaving the exchange open and throwing makes the server drop the connection mid-body.
      throw new IOException("injected connection reset");
    }
  }

  /** Thrown after half a body was written, so the connection is dropped instead of closed. */
  private static final class ConnectionDropped extends RuntimeException {
    ConnectionDropped() {
      super(null, null, false, false);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    boolean dropped = false;
    stats.arrived();
    try {
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      SandboxRequest request = SandboxRequest.from(exchange, requestBody);
      LocalDate start = safeStartDate(request);
      stats.request(start == null ? null : start.toString());
      if (!faults.awaitRelease()) {
        throw new IOException("sandbox closing while the request was held");
      }
      sleep(faults.latency());

      Quota q = quota.get();
      OptionalLong wait = q == null ? OptionalLong.empty() : q.tryAcquire();
      long decided = System.nanoTime();
      if (wait.isPresent()) {
        stats.throttled();
        stats.refused(decided);
        write(exchange, throttled(Long.toString(wait.getAsLong())), FaultKind.NONE);
        return;
      }
      stats.accepted(decided);
      FaultKind fault = faults.beforeAnswer();
      if (fault != FaultKind.NONE) {
        stats.fault();
        if (fault == FaultKind.THROTTLE) {
          stats.throttled();
        }
        write(exchange, faultResponse(fault), FaultKind.NONE);
        return;
      }
      if (faults.failsOn(start, safeEndDate(request, start))) {
        stats.fault();
        write(
            exchange,
            emulator.error(400, "Request for " + start + " cannot be served."),
            FaultKind.NONE);
        return;
      }
      SandboxResponse response = answer(request);
      FaultKind bodyFault = response.status() == 200 ? faults.onBody() : FaultKind.NONE;
      if (bodyFault != FaultKind.NONE) {
        stats.fault();
      }
      dropped = bodyFault == FaultKind.RESET || bodyFault == FaultKind.STALL;
      Faults.Hostile hostile = faults.hostile();
      if (response.status() == 200
          && bodyFault == FaultKind.NONE
          && HostileBodies.applies(hostile)) {
        stats.fault();
        HostileBodies.write(exchange, response, hostile);
        return;
      }
      write(exchange, response, bodyFault);
    } finally {
      if (!dropped) {
        exchange.close();
      }
      stats.answered();
    }
  }

  private SandboxResponse answer(SandboxRequest request) {
    try {
      return emulator.handle(request);
    } catch (IllegalArgumentException e) {
      return emulator.error(400, e.getMessage());
    } catch (RuntimeException e) {
      return emulator.error(500, "Internal error: " + e.getClass().getSimpleName());
    }
  }

  private LocalDate safeEndDate(SandboxRequest request, LocalDate start) {
    try {
      LocalDate end = emulator.endDate(request);
      return end == null || start == null || end.isBefore(start) ? start : end;
    } catch (RuntimeException e) {
      return start;
    }
  }

  private LocalDate safeStartDate(SandboxRequest request) {
    try {
      return emulator.startDate(request);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private SandboxResponse throttled(String retryAfter) {
    return emulator
        .error(429, "Too many requests: the rate limit was exceeded.")
        .withHeader("Retry-After", retryAfter);
  }

  private SandboxResponse faultResponse(FaultKind kind) {
    switch (kind) {
      case THROTTLE:
        return throttled(faults.retryAfterValue());
      case UNAVAILABLE:
        return emulator.error(503, "Service temporarily unavailable.");
      case SUSPENDED:
        return emulator.error(403, "API key temporarily suspended: the request rate was too high.");
      default:
        return emulator.error(500, "Internal server error.");
    }
  }

  private void write(HttpExchange exchange, SandboxResponse response, FaultKind bodyFault)
      throws IOException {
    byte[] body = response.body();
    if (bodyFault == FaultKind.MALFORMED) {
      body = emulator.malformed(body);
    } else if (bodyFault == FaultKind.TRUNCATE) {
      body = Arrays.copyOf(body, body.length / 2);
    }
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length == 0) {
      return;
    }
    OutputStream out = exchange.getResponseBody();
    if (bodyFault == FaultKind.RESET || bodyFault == FaultKind.STALL) {
      out.write(body, 0, body.length / 2);
      out.flush();
      if (bodyFault == FaultKind.STALL) {
        sleep(Faults.STALL_MILLIS);
      }
      throw new ConnectionDropped();
    }
    out.write(body);
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
