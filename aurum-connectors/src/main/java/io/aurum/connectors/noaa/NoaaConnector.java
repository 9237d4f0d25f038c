package io.aurum.connectors.noaa;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.fetch.WindowPacker;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The NOAA CDO v2 connector: a dataset's series are {@code {station}-{datatype}}; one query asks
 * for all stations and data types (of option {@code series}, when given) over each ≤1-year window
 * of [from, to) (dates in the dataset's zone), paged by 1-based offset in steps of the limit
 * (≤1,000) until the result-set count. A fetch window ({@link #shape}) is at most a year and as
 * many full pages as a year of the dataset's rows fills (6 series: 2 pages, 333 days), so no page
 * of a long range is left half empty. Thread-safe.
 */
public final class NoaaConnector implements Connector {
  private final ConnectorSettings settings;
  private final UpstreamHttp http;
  private final int limit;

  public NoaaConnector(ConnectorSettings settings) {
    this(
        settings,
        new UpstreamHttp(settings, Clock.systemUTC()),
        settings.limits(Upstream.NOAA).pageRows(NoaaRequestBuilder.MAX_LIMIT));
  }

  public NoaaConnector(ConnectorSettings settings, UpstreamHttp http, int limit) {
    this.settings = settings;
    this.http = http;
    this.limit = limit;
  }

  @Override
  public SourceId source() {
    return SourceId.NOAA;
  }

  /**
   * Pages of {@code limit} rows within one year; a window holds as many full pages as the dataset's
   * rows of a 365-day year fill (at least one), so its days fit the year.
   */
  @Override
  public RequestShape shape(Dataset dataset) {
    long yearRows = 365L * dataset.series().size();
    int pages = (int) Math.max(1, yearRows / limit);
    return new RequestShape(limit, false, 0, pages, RequestShape.Span.oneYear());
  }

  /** Packs by the rows the query returns: every station with every data type asked for. */
  @Override
  public List<FetchWindow> windows(
      Dataset dataset, List<PartitionKey> partitions, List<String> series) {
    return WindowPacker.pack(
        dataset, partitions, Query.of(dataset, series).series(), shape(dataset));
  }

  /** The stations and data types of one query; it returns every combination of them. */
  record Query(Set<String> stations, Set<String> types) {
    static Query of(Dataset d, List<String> series) {
      Set<String> stations = new LinkedHashSet<>();
      Set<String> types = new LinkedHashSet<>();
      for (String s : series == null || series.isEmpty() ? d.series() : series) {
        int dash = s.lastIndexOf('-');
        if (dash > 0 && d.series().contains(s)) {
          stations.add(s.substring(0, dash));
          types.add(s.substring(dash + 1));
        }
      }
      return new Query(stations, types);
    }

    /** The series the query returns rows of. */
    List<String> series() {
      List<String> out = new ArrayList<>();
      for (String station : stations) {
        for (String type : types) {
          out.add(station + "-" + type);
        }
      }
      return out;
    }
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    String token = settings.requireKey(Upstream.NOAA);
    NoaaRequestBuilder builder = new NoaaRequestBuilder(settings.baseUrl(Upstream.NOAA), limit);
    List<String> selected = seriesOption(request);
    Query query = Query.of(d, selected);
    Set<String> stations = query.stations();
    Set<String> types = query.types();
    if (stations.isEmpty()) {
      return; // option series names none of the dataset's series
    }
    Set<String> wanted = Set.copyOf(selected.isEmpty() ? d.series() : selected);
    Instant from = request.from();
    Instant to = request.to();
    Consumer<Observation> filtered =
        o -> {
          if (wanted.contains(o.seriesId())
              && !o.period().isBefore(from)
              && o.period().isBefore(to)) {
            sink.accept(o);
          }
        };
    NoaaPageParser parser = new NoaaPageParser(d.zone(), d.unit());
    RowCap cap = settings.rowCap(Upstream.NOAA);
    LocalDate start = from.atZone(d.zone()).toLocalDate();
    LocalDate end = to.minusNanos(1).atZone(d.zone()).toLocalDate();
    String datasetId = d.upstream().getOrDefault("datasetid", "GHCND");
    for (NoaaRequestBuilder.Window w : NoaaRequestBuilder.windows(start, end)) {
      long offset = 1;
      while (true) {
        NoaaPageParser.Page page =
            http.get(
                Upstream.NOAA,
                builder.page(datasetId, stations, types, w, offset),
                Map.of("token", token),
                context,
                (body, url) -> parser.parse(body, cap.counting(filtered, url)),
                NoaaErrors::fromResponse);
        offset += page.rows();
        if (offset > page.count()) {
          break;
        }
        if (page.rows() == 0) {
          throw UpstreamException.retryable(
              "NOAA returned an empty page at offset " + offset + " of " + page.count(), 200);
        }
      }
    }
  }

  private static List<String> seriesOption(FetchRequest request) {
    String option = request.options().get("series");
    if (option == null || option.isBlank()) {
      return List.of();
    }
    return Arrays.stream(option.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
