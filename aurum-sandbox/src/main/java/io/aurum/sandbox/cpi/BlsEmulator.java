package io.aurum.sandbox.cpi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.sandbox.EmulatorBase;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.SandboxResponse;
import io.aurum.sandbox.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Emulates the BLS Public Data API v2: {@code POST /publicAPI/v2/timeseries/data/} with a JSON
 * body. CPI series {@code CUUR0000SA0}, {@code CUSR0000SA0}, {@code CUUR0000SA0L1E}, {@code
 * CUUR0000SAF1} have monthly data from 1990-01 up to last month; the latest two months carry the
 * footnote {@code P}; {@code annualaverage=true} adds {@code M13} for complete years. Data is
 * newest first, as BLS sends it. More than 20 years (10 without a {@code registrationkey}, BLS's
 * unregistered limit) are cut to the first ones with {@code REQUEST_SUCCEEDED} and the message
 * "Year range has been reduced to the system-allowed limit of N years."; more than 50 series (25
 * without a key) is {@code REQUEST_NOT_PROCESSED} with a message, nothing served (a choice: BLS
 * documents only the limit). Each registration key has a daily count (default 500, reset at UTC
 * midnight); past it — and for every rate-limit fault — the answer is HTTP 200 with {@code
 * REQUEST_NOT_PROCESSED} and the daily-threshold message. {@code Results} is an object, as in live
 * answers. Thread-safe.
 */
public final class BlsEmulator extends EmulatorBase {
  public static final String SOURCE = "cpi";
  public static final int DEFAULT_DAILY_LIMIT = 500;
  static final int MAX_SERIES = 50;
  static final int MAX_YEARS = 20;
  static final int KEYLESS_MAX_SERIES = 25;
  static final int KEYLESS_MAX_YEARS = 10;
  static final YearMonth FIRST = YearMonth.of(1990, 1);
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, Double> LEVELS =
      Map.of(
          "CUUR0000SA0",
          250.0,
          "CUSR0000SA0",
          250.0,
          "CUUR0000SA0L1E",
          260.0,
          "CUUR0000SAF1",
          240.0);

  private volatile int dailyLimit = DEFAULT_DAILY_LIMIT;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public BlsEmulator(Revisions revisions, Set<String> rejectedKeys, Clock clock) {
    super(SOURCE, "/publicAPI/", revisions, rejectedKeys, clock);
  }

  /** Sets the queries a key may make per UTC day and clears today's counts. */
  public void dailyLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("daily limit must be positive: " + limit);
    }
    this.dailyLimit = limit;
    counts.clear();
  }

  @Override
  public LocalDate startDate(SandboxRequest request) {
    JsonNode body = body(request);
    return body == null || !body.has("startyear")
        ? null
        : LocalDate.of(Integer.parseInt(body.get("startyear").asText()), 1, 1);
  }

  @Override
  public LocalDate endDate(SandboxRequest request) {
    JsonNode body = body(request);
    return body == null || !body.has("endyear")
        ? null
        : LocalDate.of(Integer.parseInt(body.get("endyear").asText()), 12, 31);
  }

  private static JsonNode body(SandboxRequest r) {
    try {
      return r.body().length == 0 ? null : MAPPER.readTree(r.body());
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public SandboxResponse handle(SandboxRequest r) {
    if (!r.path().replaceAll("/+$", "").equals("/publicAPI/v2/timeseries/data")) {
      return SandboxResponse.json(
          404, "{\"status\":\"REQUEST_FAILED\",\"message\":[\"Not found\"]}");
    }
    if (!"POST".equals(r.method())) {
      return answer(
          "REQUEST_NOT_PROCESSED", List.of("The sandbox answers POST requests only."), null);
    }
    JsonNode body = body(r);
    if (body == null) {
      return answer("REQUEST_NOT_PROCESSED", List.of("Invalid JSON in the request body."), null);
    }
    String key = body.path("registrationkey").asText("");
    if (rejectedKeys.contains(key)) {
      return answer(
          "REQUEST_NOT_PROCESSED",
          List.of("The key:" + key + " provided by the User is invalid."),
          null);
    }
    LocalDate today = todayUtc();
    int used =
        counts.computeIfAbsent(today + "|" + key, k -> new AtomicInteger()).incrementAndGet();
    if (used > dailyLimit) {
      return error(429, "daily threshold");
    }
    boolean keyless = key.isBlank();
    int maxSeries = keyless ? KEYLESS_MAX_SERIES : MAX_SERIES;
    int maxYears = keyless ? KEYLESS_MAX_YEARS : MAX_YEARS;
    List<String> series = new ArrayList<>();
    body.path("seriesid").forEach(n -> series.add(n.asText()));
    if (series.isEmpty() || series.size() > maxSeries) {
      return answer(
          "REQUEST_NOT_PROCESSED",
          List.of(
              "Invalid Series Count: between 1 and "
                  + maxSeries
                  + " series may be requested"
                  + (keyless ? " without a registration key." : ".")),
          null);
    }
    YearMonth last = YearMonth.from(today).minusMonths(1);
    int start =
        Integer.parseInt(body.path("startyear").asText(Integer.toString(last.getYear() - 2)));
    int end = Integer.parseInt(body.path("endyear").asText(Integer.toString(last.getYear())));
    List<String> messages = new ArrayList<>();
    if (end - start + 1 > maxYears) {
      end = start + maxYears - 1;
      messages.add(
          "Year range has been reduced to the system-allowed limit of " + maxYears + " years.");
    }
    boolean annual = body.path("annualaverage").asBoolean(false);
    for (String s : series) {
      if (!LEVELS.containsKey(s)) {
        messages.add("Series does not exist for Series " + s);
      }
    }
    int startYear = start;
    int endYear = end;
    return answer(
        "REQUEST_SUCCEEDED",
        messages,
        g -> {
          for (String s : series) {
            if (LEVELS.containsKey(s)) {
              writeSeries(g, s, startYear, endYear, last, annual);
            }
          }
        });
  }

  private interface SeriesWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private void writeSeries(
      JsonGenerator g, String id, int startYear, int endYear, YearMonth last, boolean annual)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("seriesID", id);
    g.writeArrayFieldStart("data");
    for (int y = Math.min(endYear, last.getYear());
        y >= Math.max(startYear, FIRST.getYear());
        y--) {
      if (annual && y < last.getYear()) {
        double sum = 0;
        for (int m = 1; m <= 12; m++) {
          sum += Double.parseDouble(value(id, YearMonth.of(y, m)));
        }
        writePoint(g, y, "M13", "Annual", String.format("%.3f", sum / 12), false, false);
      }
      for (int m = 12; m >= 1; m--) {
        YearMonth month = YearMonth.of(y, m);
        if (month.isAfter(last)) {
          continue;
        }
        writePoint(
            g,
            y,
            String.format("M%02d", m),
            month.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.US),
            value(id, month),
            month.equals(last),
            !month.isBefore(last.minusMonths(1)));
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writePoint(
      JsonGenerator g,
      int year,
      String period,
      String name,
      String value,
      boolean latest,
      boolean preliminary)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("year", Integer.toString(year));
    g.writeStringField("period", period);
    g.writeStringField("periodName", name);
    if (latest) {
      g.writeStringField("latest", "true");
    }
    g.writeStringField("value", value);
    g.writeArrayFieldStart("footnotes");
    g.writeStartObject();
    if (preliminary) {
      g.writeStringField("code", "P");
      g.writeStringField("text", "Preliminary.");
    }
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  /** The value of a month: a slow upward trend with noise; revisions apply per month. */
  public String value(String id, YearMonth month) {
    double months = month.getYear() * 12 + month.getMonthValue() - (2000 * 12);
    double level = LEVELS.get(id) * (0.7 + 0.0025 * months);
    int revision = revisions.revision(SOURCE, month.atDay(1));
    return Values.value(level, 0.01, 3, revision, id, month.toString()).toPlainString();
  }

  private SandboxResponse answer(String status, List<String> messages, SeriesWriter series) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("status", status);
      g.writeNumberField("responseTime", 42);
      g.writeArrayFieldStart("message");
      for (String m : messages) {
        g.writeString(m);
      }
      g.writeEndArray();
      if (series != null) {
        g.writeObjectFieldStart("Results");
        g.writeArrayFieldStart("series");
        series.write(g);
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SandboxResponse.json(200, out.toByteArray());
  }

  /**
   * BLS signals its quota in the body of an HTTP 200, so a rate-limit answer (429) becomes {@code
   * REQUEST_NOT_PROCESSED} with the daily-threshold message; other statuses keep their status.
   */
  @Override
  public SandboxResponse error(int status, String message) {
    if (status == 429) {
      return answer(
          "REQUEST_NOT_PROCESSED",
          List.of(
              "Request could not be serviced, as the daily threshold for total number of requests"
                  + " allocated to the user has been reached."),
          null);
    }
    if (status >= 500) {
      return new SandboxResponse(
          status,
          "text/html",
          Map.of(),
          ("<html><body>" + status + " " + message + "</body></html>")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return answer("REQUEST_NOT_PROCESSED", List.of(message), null);
  }
}
