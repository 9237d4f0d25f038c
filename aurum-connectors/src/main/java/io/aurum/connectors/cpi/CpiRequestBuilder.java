package io.aurum.connectors.cpi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds BLS API v2 queries: {@code POST /publicAPI/v2/timeseries/data/} with a JSON body holding
 * {@code seriesid}, {@code startyear}, {@code endyear} and the {@code registrationkey}. A request
 * for many series or years is split so each query has at most {@value #MAX_SERIES} series and
 * {@value #MAX_YEARS} years (BLS silently drops the years beyond its limit). Immutable and
 * thread-safe.
 */
public final class CpiRequestBuilder {
  public static final int MAX_SERIES = 50;
  public static final int MAX_YEARS = 20;
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

  public CpiRequestBuilder(String baseUrl, String key) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.key = key;
  }

  /** The queries covering the series over [startYear, endYear], each within BLS's limits. */
  public static List<CpiQuery> split(
      List<String> series, int startYear, int endYear, int maxYears) {
    if (endYear < startYear) {
      throw new IllegalArgumentException("endyear " + endYear + " < startyear " + startYear);
    }
    List<CpiQuery> out = new ArrayList<>();
    for (int i = 0; i < series.size(); i += MAX_SERIES) {
      List<String> chunk = series.subList(i, Math.min(series.size(), i + MAX_SERIES));
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
    body.put("registrationkey", key);
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
