package io.aurum.connectors.noaa;

import io.aurum.connectors.RequestLimits;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds NCEI CDO v2 {@code /cdo-web/api/v2/data} URLs: a dataset (e.g. {@code GHCND}), stations
 * ({@code GHCND:} prefixed), data types, an inclusive date range of at most one year (longer ranges
 * are split by {@link #windows}), {@code units=metric} always (without it GHCND values are raw
 * tenths), {@code limit} ≤ 1,000 and the 1-based {@code offset}. The token goes in the {@code
 * token} header, never the URL. Immutable and thread-safe.
 */
public final class NoaaRequestBuilder {
  /** CDO's largest page ({@link RequestLimits#NOAA_MAX_LIMIT}). */
  public static final int MAX_LIMIT = RequestLimits.NOAA_MAX_LIMIT;

  /** One inclusive date window of at most a year. */
  public record Window(LocalDate start, LocalDate end) {}

  private final String baseUrl;
  private final int limit;

  public NoaaRequestBuilder(String baseUrl, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("NOAA limit must be 1.." + MAX_LIMIT + ": " + limit);
    }
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  /** Splits [start, end] into windows that each stay within one year (start + 1 year − 1 day). */
  public static List<Window> windows(LocalDate start, LocalDate end) {
    List<Window> out = new ArrayList<>();
    for (LocalDate s = start; !s.isAfter(end); s = s.plusYears(RequestLimits.NOAA_MAX_YEARS)) {
      LocalDate e = s.plusYears(RequestLimits.NOAA_MAX_YEARS).minusDays(1);
      out.add(new Window(s, e.isAfter(end) ? end : e));
    }
    return out;
  }

  /** The URL of the page starting at the 1-based {@code offset}. */
  public URI page(
      String datasetId,
      Collection<String> stations,
      Collection<String> dataTypes,
      Window w,
      long offset) {
    List<String> p = new ArrayList<>();
    p.add(param("datasetid", datasetId));
    for (String s : stations) {
      p.add(param("stationid", s.contains(":") ? s : datasetId + ":" + s));
    }
    for (String t : dataTypes) {
      p.add(param("datatypeid", t));
    }
    p.add(param("startdate", w.start().toString()));
    p.add(param("enddate", w.end().toString()));
    p.add(param("units", "metric"));
    p.add(param("sortfield", "date"));
    p.add(param("sortorder", "asc"));
    p.add(param("limit", Integer.toString(limit)));
    p.add(param("offset", Long.toString(offset)));
    return URI.create(baseUrl + "/cdo-web/api/v2/data?" + String.join("&", p));
  }

  private static String param(String name, String value) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
