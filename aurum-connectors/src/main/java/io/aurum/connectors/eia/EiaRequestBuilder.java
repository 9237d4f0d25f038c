package io.aurum.connectors.eia;

import io.aurum.connectors.RequestLimits;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a dataset and a time range [from, to) into EIA v2 data URLs: one query for all series of
 * the dataset, paged by offset. A catalog series id such as {@code PJM-D} splits at its last {@code
 * '-'} into the value of the dataset's {@code facet} ({@code respondent=PJM}) and of its {@code
 * type_facet} ({@code type=D}). Hourly bounds are UTC hour-beginning {@code YYYY-MM-DDTHH}, both
 * inclusive (so a New York day is 23, 24 or 25 hours); monthly bounds are {@code YYYY-MM} in the
 * dataset's zone. Immutable and thread-safe.
 */
public final class EiaRequestBuilder {
  /** Rows asked for per page: EIA's most in JSON ({@link RequestLimits#EIA_MAX_LENGTH}). */
  public static final int PAGE_LENGTH = RequestLimits.EIA_MAX_LENGTH;

  static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  /** The facet values of one catalog series. */
  public record SeriesKey(String facetValue, String typeValue) {}

  /** One logical request (before paging). */
  public record EiaQuery(
      String route,
      String frequency,
      String dataColumn,
      String facet,
      String typeFacet,
      List<String> facetValues,
      List<String> typeValues,
      String start,
      String end,
      long periods) {

    /** Rows the query matches when every series has every period: values × types × periods. */
    public long expectedRows() {
      return (long) facetValues.size() * Math.max(1, typeValues.size()) * periods;
    }

    /** Pages of {@value #PAGE_LENGTH} rows it takes, at least one. */
    public int pages() {
      return (int) Math.max(1, (expectedRows() + PAGE_LENGTH - 1) / PAGE_LENGTH);
    }
  }

  private final String baseUrl;
  private final String apiKey;
  private final int pageLength;

  public EiaRequestBuilder(String baseUrl, String apiKey) {
    this(baseUrl, apiKey, PAGE_LENGTH);
  }

  /** Pages of {@code pageLength} rows (1..{@value #PAGE_LENGTH}). */
  public EiaRequestBuilder(String baseUrl, String apiKey, int pageLength) {
    if (pageLength < 1 || pageLength > PAGE_LENGTH) {
      throw new IllegalArgumentException(
          "EIA length must be 1.." + PAGE_LENGTH + ": " + pageLength);
    }
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.apiKey = apiKey;
    this.pageLength = pageLength;
  }

  /** Splits a catalog series id at its last '-'; without one, the type is the dataset's default. */
  public static SeriesKey split(String seriesId, String defaultType) {
    int dash = seriesId.lastIndexOf('-');
    if (dash <= 0 || dash == seriesId.length() - 1) {
      return new SeriesKey(seriesId, defaultType);
    }
    return new SeriesKey(seriesId.substring(0, dash), seriesId.substring(dash + 1));
  }

  /** The query for the given series of a dataset (all of them when {@code series} is empty). */
  public static EiaQuery query(Dataset d, Instant from, Instant to, Collection<String> series) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
    }
    String defaultType = d.upstream().get("type");
    String typeFacet = d.upstream().get("type_facet");
    Set<String> facetValues = new LinkedHashSet<>();
    Set<String> typeValues = new LinkedHashSet<>();
    for (String s : series.isEmpty() ? d.series() : series) {
      SeriesKey key = split(s, defaultType);
      facetValues.add(key.facetValue());
      if (key.typeValue() != null && typeFacet != null) {
        typeValues.add(key.typeValue());
      }
    }
    String start;
    String end;
    long periods;
    Instant last = to.minusNanos(1);
    if (d.frequency() == Frequency.MONTHLY) {
      YearMonth first = YearMonth.from(from.atZone(d.zone()));
      YearMonth lastMonth = YearMonth.from(last.atZone(d.zone()));
      start = first.toString();
      end = lastMonth.toString();
      periods = ChronoUnit.MONTHS.between(first, lastMonth) + 1;
    } else if (d.frequency() == Frequency.HOURLY) {
      Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
      Instant lastHour = last.truncatedTo(ChronoUnit.HOURS);
      start = HOUR.format(firstHour);
      end = HOUR.format(lastHour);
      periods = Duration.between(firstHour, lastHour).toHours() + 1;
    } else {
      Instant firstDay =
          from.atZone(d.zone()).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant lastDay =
          last.atZone(d.zone()).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
      start = DAY.format(firstDay);
      end = DAY.format(lastDay);
      periods = Duration.between(firstDay, lastDay).toDays() + 1;
    }
    return new EiaQuery(
        d.upstream("route"),
        d.upstream()
            .getOrDefault("frequency", d.frequency().name().toLowerCase(java.util.Locale.ROOT)),
        d.upstream("data"),
        d.upstream("facet"),
        typeFacet,
        List.copyOf(facetValues),
        List.copyOf(typeValues),
        start,
        end,
        periods);
  }

  /** The URL of one page, starting at {@code offset}. */
  public URI page(EiaQuery q, long offset) {
    List<String> params = new ArrayList<>();
    params.add(param("api_key", apiKey));
    params.add(param("frequency", q.frequency()));
    params.add(param("data[0]", q.dataColumn()));
    for (String v : q.facetValues()) {
      params.add(param("facets[" + q.facet() + "][]", v));
    }
    for (String v : q.typeValues()) {
      params.add(param("facets[" + q.typeFacet() + "][]", v));
    }
    params.add(param("start", q.start()));
    params.add(param("end", q.end()));
    params.add(param("sort[0][column]", "period"));
    params.add(param("sort[0][direction]", "asc"));
    params.add(param("offset", Long.toString(offset)));
    params.add(param("length", Integer.toString(pageLength)));
    return URI.create(baseUrl + "/v2/" + q.route() + "/data/?" + String.join("&", params));
  }

  private static String param(String name, String value) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
