package io.aurum.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A FRED {@code /fred/series/observations} stand-in on 127.0.0.1 for any series id with a daily
 * observation on every date from {@link #FIRST}, streamed in FRED's JSON shape ({@code count},
 * {@code offset}, {@code limit} ≤ 100,000, {@code observations[{date, value}]}). The sandbox's FRED
 * emulator starts in 2000 (about 9,800 daily observations a series), too short for a window of
 * 100,000 observations; this one answers 274 years. Thread-safe.
 */
final class FredLongServer implements AutoCloseable {
  static final LocalDate FIRST = LocalDate.of(1700, 1, 1);
  private final HttpServer server;

  private FredLongServer(HttpServer server) {
    this.server = server;
  }

  static FredLongServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      server.createContext("/fred/series/observations", FredLongServer::answer);
      server.setExecutor(
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "fred-long-server");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      return new FredLongServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange ex) throws IOException {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    for (String kv : raw == null ? new String[0] : raw.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    int limit = Integer.parseInt(q.getOrDefault("limit", "100000"));
    if (limit < 1 || limit > 100_000) {
      byte[] body =
          "{\"error_code\":400,\"error_message\":\"Bad Request.  Variable limit is not between 1 and 100000.\"}"
              .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(400, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      return;
    }
    LocalDate start = LocalDate.parse(q.getOrDefault("observation_start", FIRST.toString()));
    LocalDate end = LocalDate.parse(q.getOrDefault("observation_end", "2023-12-31"));
    if (start.isBefore(FIRST)) {
      start = FIRST;
    }
    long count = Math.max(0, ChronoUnit.DAYS.between(start, end) + 1);
    long offset = Long.parseLong(q.getOrDefault("offset", "0"));
    String rt = "2024-01-02";
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
      StringBuilder sb = new StringBuilder(256);
      sb.append("{\"realtime_start\":\"")
          .append(rt)
          .append("\",\"realtime_end\":\"")
          .append(rt)
          .append("\",\"observation_start\":\"")
          .append(start)
          .append("\",\"observation_end\":\"")
          .append(end)
          .append("\",\"units\":\"lin\",\"output_type\":1,\"file_type\":\"json\",")
          .append("\"order_by\":\"observation_date\",\"sort_order\":\"asc\",\"count\":")
          .append(count)
          .append(",\"offset\":")
          .append(offset)
          .append(",\"limit\":")
          .append(limit)
          .append(",\"observations\":[");
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      long last = Math.min(count, offset + limit);
      for (long i = offset; i < last; i++) {
        LocalDate d = start.plusDays(i);
        long v = 100 + Math.floorMod(d.toEpochDay() * 7919, 900);
        sb.setLength(0);
        sb.append(i == offset ? "" : ",")
            .append("{\"realtime_start\":\"")
            .append(rt)
            .append("\",\"realtime_end\":\"")
            .append(rt)
            .append("\",\"date\":\"")
            .append(d)
            .append("\",\"value\":\"")
            .append(v / 100)
            .append('.')
            .append(v % 100 < 10 ? "0" : "")
            .append(v % 100)
            .append("\"}");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      out.write("]}".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
