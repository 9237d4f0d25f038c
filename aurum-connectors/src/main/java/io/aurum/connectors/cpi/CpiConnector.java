package io.aurum.connectors.cpi;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RequestLimits;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.text.Decimals;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The BLS (CPI) connector: the dataset's series (option {@code series} narrows them) over the years
 * of [from, to), split into queries of at most 50 series and 20 calendar years with a {@code
 * BLS_API_KEY}, 25 series and 10 years without one (BLS's unregistered limits; the query then
 * carries no key). A fetch window ({@link #shape}) is one such query per chunk of series. Monthly
 * periods {@code M01…M12} become observations at the first instant of the month in the dataset's
 * zone; {@code M13} (annual average) is kept apart — it is not a month, so it never enters a
 * monthly partition — and values {@code "-"} are absent. A {@code P} footnote becomes the attribute
 * {@code {"preliminary":true}}. When BLS answers "Year range has been reduced" the query is split
 * in halves and asked again, so no year is silently lost. Thread-safe.
 */
public final class CpiConnector implements Connector {
  static final String PRELIMINARY = "{\"preliminary\":true}";

  private final ConnectorSettings settings;
  private final UpstreamHttp http;
  private final Clock clock;

  public CpiConnector(ConnectorSettings settings) {
    this(settings, new UpstreamHttp(settings, Clock.systemUTC()), Clock.systemUTC());
  }

  public CpiConnector(ConnectorSettings settings, UpstreamHttp http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public SourceId source() {
    return SourceId.CPI;
  }

  /** The most series and calendar years one query may ask for. */
  record Limits(int series, int years) {}

  /** BLS's limits for this connector's key: registered, or unregistered when there is none. */
  Limits limits() {
    return settings.apiKey(Upstream.CPI).isPresent()
        ? new Limits(RequestLimits.BLS_MAX_SERIES, RequestLimits.BLS_MAX_YEARS)
        : new Limits(RequestLimits.BLS_KEYLESS_MAX_SERIES, RequestLimits.BLS_KEYLESS_MAX_YEARS);
  }

  /** One query per chunk of series over at most the limit's calendar years; no paging. */
  @Override
  public RequestShape shape(Dataset dataset) {
    Limits limits = limits();
    return new RequestShape(
        0, false, limits.series(), 1, RequestShape.Span.calendarYears(limits.years()));
  }

  /**
   * Monthly datasets in one zone share queries: BLS takes any 50 series in one request, whichever
   * datasets they belong to.
   */
  @Override
  public boolean combinable(Dataset a, Dataset b) {
    return a.frequency() == b.frequency() && a.zone().equals(b.zone());
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    fetchAll(List.of(request), context, (d, o) -> sink.accept(o));
  }

  /**
   * The series of every request (several datasets of one fetch window) in queries of at most the
   * limits' series and calendar years; each row goes to every request whose dataset has its series
   * and whose range holds its month.
   */
  @Override
  public void fetchAll(
      List<FetchRequest> requests,
      FetchContext context,
      java.util.function.BiConsumer<Dataset, Observation> sink) {
    Limits limits = limits();
    CpiRequestBuilder builder =
        new CpiRequestBuilder(
            settings.baseUrl(Upstream.CPI), settings.apiKey(Upstream.CPI).orElse(null));
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    Map<String, List<FetchRequest>> owners = new java.util.HashMap<>();
    int startYear = Integer.MAX_VALUE;
    int endYear = Integer.MIN_VALUE;
    for (FetchRequest r : requests) {
      Dataset d = r.dataset();
      for (String s : series(r)) {
        all.add(s);
        owners.computeIfAbsent(s, k -> new ArrayList<>()).add(r);
      }
      startYear = Math.min(startYear, r.from().atZone(d.zone()).getYear());
      endYear = Math.max(endYear, r.to().minusNanos(1).atZone(d.zone()).getYear());
    }
    Deque<CpiRequestBuilder.CpiQuery> queue =
        new ArrayDeque<>(
            CpiRequestBuilder.split(
                List.copyOf(all), startYear, endYear, limits.series(), limits.years()));
    CpiPayloadParser parser = new CpiPayloadParser();
    RowCap cap = settings.rowCap(Upstream.CPI);
    while (!queue.isEmpty()) {
      CpiRequestBuilder.CpiQuery q = queue.poll();
      List<Map.Entry<Dataset, Observation>> rows = new ArrayList<>();
      CpiPayloadParser.Outcome outcome =
          http.postJson(
              Upstream.CPI,
              builder.uri(),
              builder.body(q, false),
              Map.of(),
              context,
              (body, url) -> {
                CpiPayloadParser.Outcome o =
                    parser.parse(
                        body,
                        cap.counting(
                            p -> {
                              for (FetchRequest r : owners.getOrDefault(p.seriesId(), List.of())) {
                                Observation obs = toObservation(r.dataset(), p, r.from(), r.to());
                                if (obs != null) {
                                  rows.add(Map.entry(r.dataset(), obs));
                                }
                              }
                            },
                            url));
                UpstreamException error = CpiErrors.classify(o, url, clock);
                if (error != null) {
                  throw error;
                }
                return o;
              },
              CpiErrors::fromResponse);
      if (CpiErrors.yearRangeReduced(outcome.messages())) {
        if (q.years() == 1) {
          throw UpstreamException.permanent(
              "BLS reduced a one-year query for " + q.series() + " in " + q.startYear(), 200);
        }
        int half = q.startYear() + q.years() / 2;
        queue.addFirst(new CpiRequestBuilder.CpiQuery(q.series(), half, q.endYear()));
        queue.addFirst(new CpiRequestBuilder.CpiQuery(q.series(), q.startYear(), half - 1));
        continue;
      }
      rows.forEach(e -> sink.accept(e.getKey(), e.getValue()));
    }
  }

  /** The observation of a point in {@code [from, to)}, or null (not a month, no value, outside). */
  private static Observation toObservation(
      Dataset d, CpiPayloadParser.Point p, Instant from, Instant to) {
    String period = p.period();
    if (period == null || !period.matches("M(0[1-9]|1[0-2])")) {
      return null; // M13 annual averages (and non-monthly periods) are not monthly observations
    }
    if (p.value() == null || p.value().isBlank() || "-".equals(p.value().trim())) {
      return null;
    }
    Instant at =
        YearMonth.of(p.year(), Integer.parseInt(period.substring(1)))
            .atDay(1)
            .atStartOfDay(d.zone())
            .toInstant();
    if (at.isBefore(from) || !at.isBefore(to)) {
      return null;
    }
    double v;
    try {
      v = Decimals.number(p.value());
    } catch (NumberFormatException e) {
      throw UpstreamException.permanent(
          "BLS value '" + p.value() + "' of " + p.seriesId() + " is not a number", 200);
    }
    return new Observation(p.seriesId(), at, v, d.unit(), p.preliminary() ? PRELIMINARY : null);
  }

  /** The dataset's series, or those of option {@code series} it lists. */
  private static List<String> series(FetchRequest request) {
    String option = request.options().get("series");
    if (option == null || option.isBlank()) {
      return request.dataset().series();
    }
    return Arrays.stream(option.split(","))
        .map(String::trim)
        .filter(s -> request.dataset().series().contains(s))
        .distinct()
        .toList();
  }
}
