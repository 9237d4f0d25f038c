package io.aurum.sandbox.noaa;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.aurum.sandbox.EmulatorBase;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.SandboxResponse;
import io.aurum.sandbox.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emulates NCEI CDO v2 {@code /cdo-web/api/v2/data} for {@code datasetid=GHCND}: the {@code token}
 * header is required; stations {@code GHCND:USW00094728}, {@code GHCND:USW00014732}, {@code
 * GHCND:USW00094789}, {@code GHCND:USW00023174} report TMAX, TMIN (°C) and PRCP (mm) every day from
 * 1990-01-01 up to two days ago; with {@code units} omitted the values are raw tenths. Rows are
 * sorted by date, station, data type; {@code limit} ≤ 1,000, 1-based {@code offset}; a range over a
 * year is a 400; nothing matching is {@code {}}. Thread-safe.
 */
public final class NoaaEmulator extends EmulatorBase {
  public static final String SOURCE = "noaa";
  static final LocalDate FIRST = LocalDate.of(1990, 1, 1);
  private static final JsonFactory JSON = new JsonFactory();
  private static final List<String> STATIONS =
      List.of("GHCND:USW00014732", "GHCND:USW00023174", "GHCND:USW00094728", "GHCND:USW00094789");
  private static final List<String> TYPES = List.of("PRCP", "TMAX", "TMIN");
  private static final Map<String, Double> CLIMATE =
      Map.of(
          "GHCND:USW00014732", 13.0,
          "GHCND:USW00023174", 18.0,
          "GHCND:USW00094728", 13.5,
          "GHCND:USW00094789", 12.5);

  public NoaaEmulator(Revisions revisions, Set<String> rejectedKeys, Clock clock) {
    super(SOURCE, "/cdo-web/", revisions, rejectedKeys, clock);
  }

  @Override
  public LocalDate startDate(SandboxRequest request) {
    String s = request.first("startdate");
    return s == null ? null : LocalDate.parse(s.substring(0, 10));
  }

  @Override
  public LocalDate endDate(SandboxRequest request) {
    String s = request.first("enddate");
    return s == null ? null : LocalDate.parse(s.substring(0, 10));
  }

  @Override
  public SandboxResponse handle(SandboxRequest r) {
    if (!r.path().replaceAll("/+$", "").equals("/cdo-web/api/v2/data")) {
      return error(404, "Not Found");
    }
    String token = r.header("token");
    if (token == null || token.isBlank()) {
      return error(400, "Token parameter is required.");
    }
    if (rejectedKeys.contains(token)) {
      return error(400, "Invalid token.");
    }
    if (!"GHCND".equals(r.first("datasetid"))) {
      return error(400, "datasetid is required; the sandbox serves GHCND only.");
    }
    LocalDate start = startDate(r);
    String endText = r.first("enddate");
    if (start == null || endText == null) {
      return error(400, "startdate and enddate are required.");
    }
    LocalDate end = LocalDate.parse(endText.substring(0, 10));
    if (end.isBefore(start)) {
      return error(400, "The end date must be after the start date.");
    }
    if (end.isAfter(start.plusYears(1))) {
      return error(400, "The date range must be less than 1 year.");
    }
    int limit = Integer.parseInt(orElse(r.first("limit"), "25"));
    long offset = Long.parseLong(orElse(r.first("offset"), "1"));
    if (limit < 1 || limit > 1000) {
      return error(400, "limit must be between 1 and 1000.");
    }
    String units = r.first("units");
    List<String> stations = filter(STATIONS, r.all("stationid"));
    List<String> types = filter(TYPES, r.all("datatypeid"));
    LocalDate last = todayUtc().minusDays(2);
    LocalDate from = start.isBefore(FIRST) ? FIRST : start;
    LocalDate to = end.isAfter(last) ? last : end;
    long days = to.isBefore(from) ? 0 : to.toEpochDay() - from.toEpochDay() + 1;
    long perDay = (long) stations.size() * types.size();
    long count = days * perDay;
    if (count == 0 || offset > count) {
      return SandboxResponse.json(200, "{}");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("metadata");
      g.writeObjectFieldStart("resultset");
      g.writeNumberField("offset", offset);
      g.writeNumberField("count", count);
      g.writeNumberField("limit", limit);
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      for (long i = offset - 1; i < Math.min(count, offset - 1 + limit); i++) {
        LocalDate day = from.plusDays(i / perDay);
        int c = (int) (i % perDay);
        String station = stations.get(c / types.size());
        String type = types.get(c % types.size());
        BigDecimal v = value(station, type, day);
        g.writeStartObject();
        g.writeStringField("date", day + "T00:00:00");
        g.writeStringField("datatype", type);
        g.writeStringField("station", station);
        g.writeStringField("attributes", ",,W,2400");
        if (units == null) {
          g.writeFieldName("value");
          g.writeNumber(v.movePointRight(1).setScale(0, java.math.RoundingMode.HALF_UP));
        } else {
          g.writeFieldName("value");
          g.writeNumber(v);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SandboxResponse.json(200, out.toByteArray());
  }

  /** °C for temperatures (one decimal), mm for precipitation (dry two days in three). */
  public BigDecimal value(String station, String type, LocalDate day) {
    int revision = revisions.revision(SOURCE, day);
    double season = Math.cos(2 * Math.PI * (day.getDayOfYear() - 200) / 365.25);
    double mean = CLIMATE.get(station) + 11 * season;
    switch (type) {
      case "TMAX":
        return Values.value(mean + 5, 0.3, 1, revision, station, type, day.toString());
      case "TMIN":
        return Values.value(mean - 5, 0.3, 1, revision, station, type, day.toString());
      default:
        double u = Values.unit(station, "wet", day.toString());
        return u < 0.66
            ? BigDecimal.ZERO.setScale(1).add(BigDecimal.valueOf(revision).movePointLeft(1))
            : Values.value(8, 1.8, 1, revision, station, type, day.toString()).abs();
    }
  }

  private static List<String> filter(List<String> all, List<String> requested) {
    if (requested.isEmpty()) {
      return all;
    }
    List<String> out = new ArrayList<>();
    for (String s : all) {
      if (requested.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public SandboxResponse error(int status, String message) {
    return SandboxResponse.json(
        status, "{\"status\":\"" + status + "\",\"message\":" + Values.quote(message) + "}");
  }
}
