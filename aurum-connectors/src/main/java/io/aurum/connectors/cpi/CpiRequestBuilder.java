package io.aurum.connectors.cpi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.connectors.RequestLimits;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds BLS API v2 queries: {@code POST /publicAPI/v2/timeseries/data/} with a JSON body holding
 * {@code seriesid}, {@code startyear}, {@code endyear} and the {@code registrationkey} (left out
 * when there is no key: BLS then serves at its unregistered limits). A request for many series or
 * years is split so each query stays within the limits, with a key {@value #MAX_SERIES} series and
 * {@value #MAX_YEARS} years (BLS silently drops the years beyond its limit). Immutable and
 * thread-safe.
 */
public final class CpiRequestBuilder {
  public static final int MAX_SERIES = RequestLimits.BLS_MAX_SERIES;
  public static final int MAX_YEARS = RequestLimits.BLS_MAX_YEARS;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One query: series and an inclusive year range. */
  public record CpiQuery(List<String> series, int startYear, int endYear) {
    public CpiQuery {
      series = List.copyOf(series);
    }

    public int years() {
      return endYear - startYear + 1;
    }
  }

  private final String baseUrl;
  private final String key;

  /** With {@code key} null the queries carry no registration key. */
  public CpiRequestBuilder(String baseUrl, String key) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.key = key;
  }

  /** The queries covering the series over [startYear, endYear], with a key's series limit. */
  public static List<CpiQuery> split(
      List<String> series, int startYear, int endYear, int maxYears) {
    return split(series, startYear, endYear, MAX_SERIES, maxYears);
  }

  /**
   * The queries covering the series over [startYear, endYear], each of at most {@code maxSeries}
   * series and {@code maxYears} years: series chunks outside, year ranges inside.
   */
  public static List<CpiQuery> split(
      List<String> series, int startYear, int endYear, int maxSeries, int maxYears) {
    if (endYear < startYear) {
      throw new IllegalArgumentException("endyear " + endYear + " < startyear " + startYear);
    }
    List<CpiQuery> out = new ArrayList<>();
    for (int i = 0; i < series.size(); i += maxSeries) {
      List<String> chunk = series.subList(i, Math.min(series.size(), i + maxSeries));
      for (int y = startYear; y <= endYear; y += maxYears) {
        out.add(new CpiQuery(chunk, y, Math.min(endYear, y + maxYears - 1)));
      }
    }
    return out;
  }

  public URI uri() {
    return URI.create(baseUrl + "/publicAPI/v2/timeseries/data/");
  }

  /** The JSON body of a query; {@code annualAverage} asks for M13 too. */
  public byte[] body(CpiQuery q, boolean annualAverage) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode ids = body.putArray("seriesid");
    q.series().forEach(ids::add);
    body.put("startyear", Integer.toString(q.startYear()));
    body.put("endyear", Integer.toString(q.endYear()));
    if (key != null) {
      body.put("registrationkey", key);
    }
    if (annualAverage) {
      body.put("annualaverage", true);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
