package io.aurum.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sandbox's admin API (all answers JSON; errors are 400 {@code {"error": "..."}}):
 *
 * <ul>
 *   <li>{@code GET /_admin/stats[?source=eia]}: per source {@code requests}, {@code throttled},
 *       {@code faults}, {@code by_start_date} (UTC {@code YYYY-MM-DD} of the start parameter →
 *       requests), {@code accepted_span_s} (seconds from the first request the quota accepted to
 *       the last), {@code most_in_flight} (the most requests handled at once);
 *   <li>{@code POST /_admin/reset[?source=eia]}: clears statistics and faults, refills quotas;
 *   <li>{@code POST /_admin/revise?source=eia&start=YYYY-MM-DD&end=YYYY-MM-DD}: bumps the revision
 *       of those UTC dates (inclusive);
 *   <li>{@code POST /_admin/faults?source=eia&...}: sets only the given ones of {@code latency_ms},
 *       {@code error_rate}, {@code seed}, {@code throttle_next}, {@code retry_after}, {@code
 *       unavailable_next}, {@code reset_next}, {@code truncate_next}, {@code malformed_next},
 *       {@code stall_next}, {@code suspend_next} (with {@code suspend_after}: 403 on a key that
 *       worked), {@code fail_dates} (comma-separated dates, empty to clear), and the hostile ones
 *       {@code drip_bytes_per_second}, {@code zip_bomb}, {@code huge_line}, {@code many_rows}
 *       (sizes such as {@code 1g}) and {@code retry_after} as any header text; {@code clear=true}
 *       first clears all. {@code GET /_admin/faults?source=eia} shows them (see {@link Faults});
 *   <li>{@code POST /_admin/quota?source=eia&per_second=2.5}: replaces the quota by a token bucket
 *       ({@code 0} disables it); {@code POST
 *       /_admin/quota?source=fred&mode=strict_window[&requests=120&period_seconds=60]} by a strict
 *       sliding window (without {@code requests} and {@code period_seconds}: the source's real
 *       quota, {@link SandboxConfig#REAL_QUOTAS}); {@code GET /_admin/quota?source=fred} shows it;
 *   <li>{@code POST /_admin/daily_limit?source=cpi&limit=3}: the daily query limit of BLS.
 * </ul>
 */
final class AdminHandler implements HttpHandler {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Sandbox sandbox;

  AdminHandler(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      SandboxRequest r = SandboxRequest.from(exchange);
      String action = r.path().substring("/_admin/".length());
      Object body;
      int status = 200;
      try {
        body = dispatch(r, action);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        status = 400;
        body = Map.of("error", String.valueOf(e.getMessage()));
      }
      if (body == null) {
        status = 404;
        body = Map.of("error", "unknown admin call " + r.method() + " " + r.path());
      }
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private Object dispatch(SandboxRequest r, String action) {
    boolean post = "POST".equals(r.method());
    String source = r.first("source");
    switch (action) {
      case "stats":
        return stats(source);
      case "reset":
        if (!post) {
          return null;
        }
        if (source == null) {
          sandbox.reset();
        } else {
          sandbox.reset(source);
        }
        return Map.of("reset", source == null ? "all" : source);
      case "revise":
        if (!post) {
          return null;
        }
        LocalDate start = LocalDate.parse(required(r, "start"));
        LocalDate end = LocalDate.parse(r.first("end") == null ? start.toString() : r.first("end"));
        int days = sandbox.revise(required(r, "source"), start, end);
        return Map.of(
            "source", source, "start", start.toString(), "end", end.toString(), "days", days);
      case "faults":
        Faults faults = sandbox.faults(required(r, "source"));
        if (post) {
          applyFaults(faults, r);
        }
        return faultsJson(faults);
      case "daily_limit":
        if (!post) {
          return null;
        }
        int limit = Integer.parseInt(required(r, "limit"));
        sandbox.dailyLimit(required(r, "source"), limit);
        return Map.of("source", source, "daily_limit", limit);
      case "quota":
        if (post) {
          setQuota(r, required(r, "source"));
        }
        return quotaJson(required(r, "source"));
      default:
        return null;
    }
  }

  private void setQuota(SandboxRequest r, String source) {
    String mode = r.first("mode") == null ? "token_bucket" : r.first("mode");
    switch (mode) {
      case "token_bucket" -> sandbox.quota(source, Double.parseDouble(required(r, "per_second")));
      case "strict_window" -> {
        SandboxConfig.Window real = SandboxConfig.REAL_QUOTAS.get(source);
        if (!r.has("requests") && !r.has("period_seconds") && real != null) {
          sandbox.strictWindow(source, real.requests(), real.period());
          return;
        }
        long requests = Long.parseLong(required(r, "requests"));
        double seconds = Double.parseDouble(required(r, "period_seconds"));
        if (!(seconds > 0) || requests < 1) {
          throw new IllegalArgumentException(
              "a strict window needs requests >= 1 and period_seconds > 0");
        }
        sandbox.strictWindow(source, requests, Duration.ofNanos((long) (seconds * 1e9)));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown quota mode '" + mode + "': use token_bucket or strict_window");
    }
  }

  private Map<String, Object> quotaJson(String source) {
    Quota q = sandbox.quotaOf(source);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", source);
    if (q == null) {
      out.put("mode", "none");
      out.put("per_second", 0);
      return out;
    }
    out.put("mode", q.mode().name().toLowerCase(Locale.ROOT));
    out.put("requests", q.requests());
    out.put("period_seconds", q.period().toNanos() / 1e9);
    out.put("per_second", q.perSecond());
    return out;
  }

  private Map<String, Object> stats(String source) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String s : source == null ? sandbox.sources() : Set.of(source)) {
      SourceStats.Snapshot snap = sandbox.stats(s);
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("requests", snap.requests());
      one.put("throttled", snap.throttled());
      one.put("faults", snap.faults());
      one.put("by_start_date", snap.byStartDate());
      one.put("accepted_span_s", sandbox.timeline(s).acceptedSpanSeconds());
      one.put("most_in_flight", snap.mostInFlight());
      out.put(s, one);
    }
    return out;
  }

  /** The names {@code POST /_admin/faults} takes; any other is refused, not silently ignored. */
  private static final Set<String> FAULT_NAMES =
      Set.of(
          "source",
          "clear",
          "latency_ms",
          "error_rate",
          "seed",
          "throttle_next",
          "retry_after",
          "suspend_next",
          "suspend_after",
          "unavailable_next",
          "reset_next",
          "truncate_next",
          "malformed_next",
          "stall_next",
          "fail_dates",
          "drip_bytes_per_second",
          "zip_bomb",
          "huge_line",
          "many_rows",
          "value",
          "value_at",
          "value_series");

  static void applyFaults(Faults faults, SandboxRequest r) {
    for (String name : r.query().keySet()) {
      if (!FAULT_NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown fault '" + name + "': use one of " + new TreeSet<>(FAULT_NAMES));
      }
    }
    if ("true".equals(r.first("clear"))) {
      faults.clear();
    }
    Faults.Settings current = faults.settings();
    if (r.has("latency_ms")) {
      faults.latencyMs(Long.parseLong(r.first("latency_ms")));
    }
    if (r.has("error_rate") || r.has("seed")) {
      double rate =
          r.has("error_rate") ? Double.parseDouble(r.first("error_rate")) : current.errorRate();
      long seed = r.has("seed") ? Long.parseLong(r.first("seed")) : current.seed();
      faults.errorRate(rate, seed);
    }
    if (r.has("throttle_next") || r.has("retry_after")) {
      int n =
          r.has("throttle_next")
              ? Integer.parseInt(r.first("throttle_next"))
              : current.throttleNext();
      String text = r.first("retry_after");
      if (text != null && !text.trim().matches("[1-9]\\d{0,8}")) {
        // Not a plain second count: an HTTP date or a huge number, sent verbatim.
        faults.throttleNext(n, text);
      } else {
        faults.throttleNext(
            n, text != null ? Integer.parseInt(text.trim()) : current.retryAfterSeconds());
      }
    }
    HostileBodies.apply(faults, r);
    if (r.has("suspend_next")) {
      faults.suspendKeyAfter(
          r.has("suspend_after") ? Integer.parseInt(r.first("suspend_after")) : 0,
          Integer.parseInt(r.first("suspend_next")));
    }
    if (r.has("unavailable_next")) {
      faults.unavailableNext(Integer.parseInt(r.first("unavailable_next")));
    }
    if (r.has("reset_next")) {
      faults.resetNext(Integer.parseInt(r.first("reset_next")));
    }
    if (r.has("truncate_next")) {
      faults.truncateNext(Integer.parseInt(r.first("truncate_next")));
    }
    if (r.has("malformed_next")) {
      faults.malformedNext(Integer.parseInt(r.first("malformed_next")));
    }
    if (r.has("stall_next")) {
      faults.stallNext(Integer.parseInt(r.first("stall_next")));
    }
    if (r.has("fail_dates")) {
      Set<LocalDate> dates = new TreeSet<>();
      for (String value : r.all("fail_dates")) {
        for (String d : value.split(",")) {
          if (!d.isBlank()) {
            dates.add(LocalDate.parse(d.trim()));
          }
        }
      }
      faults.failDates(dates);
    }
    BadValues.applyFrom(faults.values(), r);
  }

  private static Map<String, Object> faultsJson(Faults.Settings s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("latency_ms", s.latencyMs());
    out.put("error_rate", s.errorRate());
    out.put("seed", s.seed());
    out.put("throttle_next", s.throttleNext());
    out.put("retry_after", s.retryAfterSeconds());
    out.put("unavailable_next", s.unavailableNext());
    out.put("reset_next", s.resetNext());
    out.put("truncate_next", s.truncateNext());
    out.put("malformed_next", s.malformedNext());
    out.put("stall_next", s.stallNext());
    out.put("fail_dates", new TreeSet<>(s.failDates()).stream().map(LocalDate::toString).toList());
    return out;
  }

  private static Map<String, Object> faultsJson(Faults faults) {
    Map<String, Object> out = faultsJson(faults.settings());
    Faults.Hostile h = faults.hostile();
    if (h.retryAfterHeader() != null) {
      out.put("retry_after", h.retryAfterHeader());
    }
    out.put("drip_bytes_per_second", h.dripBytesPerSecond());
    out.put("zip_bomb", h.zipBomb());
    out.put("huge_line", h.hugeLine());
    out.put("many_rows", h.manyRows());
    return out;
  }

  private static String required(SandboxRequest r, String name) {
    String v = r.first(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing parameter '" + name + "'");
    }
    return v;
  }
}
