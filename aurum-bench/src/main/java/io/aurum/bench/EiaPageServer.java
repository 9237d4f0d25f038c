package io.aurum.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A zero-latency EIA API v2 stand-in on 127.0.0.1: answers every data request with the page for the
 * day in its {@code start} parameter, generated before the clock starts (one page per day: every
 * series, hourly, in one response). Thread-safe.
 */
final class EiaPageServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<LocalDate, byte[]> pages;

  private EiaPageServer(HttpServer server, Map<LocalDate, byte[]> pages) {
    this.server = server;
    this.pages = pages;
  }

  /** Pre-generates the pages of {@code days} days from {@code start} for {@code respondents}. */
  static EiaPageServer start(LocalDate start, int days, List<String> respondents) {
    Map<LocalDate, byte[]> pages = new HashMap<>();
    for (int d = 0; d < days; d++) {
      LocalDate day = start.plusDays(d);
      pages.put(day, page(day, respondents));
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      EiaPageServer s = new EiaPageServer(server, pages);
      server.createContext(
          "/",
          ex -> {
            String query = ex.getRequestURI().getRawQuery();
            byte[] body = s.pages.get(day(query));
            if (body == null) {
              ex.sendResponseHeaders(404, -1);
              ex.close();
              return;
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          });
      server.setExecutor(
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "eia-page-server");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long bytes() {
    return pages.values().stream().mapToLong(b -> b.length).sum();
  }

  private static LocalDate day(String rawQuery) {
    for (String kv : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      if (kv.startsWith("start=")) {
        String v = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
        return LocalDate.parse(v.substring(0, 10));
      }
    }
    return null;
  }

  /** One EIA v2 page: every respondent's hourly demand for the day, period-major like EIA. */
  static byte[] page(LocalDate day, List<String> respondents) {
    StringBuilder sb = new StringBuilder(respondents.size() * 24 * 160);
    int rows = respondents.size() * 24;
    sb.append("{\"response\":{\"total\":\"")
        .append(rows)
        .append("\",\"dateFormat\":\"YYYY-MM-DD\\\"T\\\"HH24\",")
        .append("\"frequency\":\"hourly\",\"data\":[");
    boolean first = true;
    for (int h = 0; h < 24; h++) {
      String period = day + "T" + (h < 10 ? "0" : "") + h;
      for (String r : respondents) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        long v = 1000 + Math.floorMod((r.hashCode() * 31L + day.toEpochDay() * 24 + h), 50_000);
        sb.append("{\"period\":\"")
            .append(period)
            .append("\",\"respondent\":\"")
            .append(r)
            .append("\",\"respondent-name\":\"Bench respondent ")
            .append(r)
            .append("\",\"type\":\"D\",\"type-name\":\"Demand\",\"value\":\"")
            .append(v)
            .append("\",\"value-units\":\"megawatthours\"}");
      }
    }
    sb.append(
        "]},\"request\":{\"command\":\"/v2/electricity/rto/region-data/data/\"},\"apiVersion\":\"2.1.8\"}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
