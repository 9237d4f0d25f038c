package io.aurum.connectors.fred;

import io.aurum.connectors.RequestLimits;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds FRED {@code /fred/series/observations} URLs: one series, JSON, observation dates [start,
 * end] inclusive, paged by {@code limit}/{@code offset}, and — for a replay "as of" a date — the
 * real-time period {@code realtime_start=realtime_end=asOf}. Immutable and thread-safe.
 */
public final class FredRequestBuilder {
  /** FRED's maximum (and default) page size ({@link RequestLimits#FRED_MAX_LIMIT}). */
  public static final int MAX_LIMIT = RequestLimits.FRED_MAX_LIMIT;

  private final String baseUrl;
  private final String apiKey;
  private final int limit;

  public FredRequestBuilder(String baseUrl, String apiKey, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("FRED limit must be 1.." + MAX_LIMIT + ": " + limit);
    }
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.apiKey = apiKey;
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  /** The URL of one page; {@code asOf} null means FRED's default real-time period (today). */
  public URI page(String seriesId, LocalDate start, LocalDate end, LocalDate asOf, long offset) {
    List<String> p = new ArrayList<>();
    p.add(param("series_id", seriesId));
    p.add(param("api_key", apiKey));
    p.add(param("file_type", "json"));
    p.add(param("observation_start", start.toString()));
    p.add(param("observation_end", end.toString()));
    if (asOf != null) {
      p.add(param("realtime_start", asOf.toString()));
      p.add(param("realtime_end", asOf.toString()));
    }
    p.add(param("sort_order", "asc"));
    p.add(param("limit", Integer.toString(limit)));
    p.add(param("offset", Long.toString(offset)));
    return URI.create(baseUrl + "/fred/series/observations?" + String.join("&", p));
  }

  static String param(String name, String value) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
