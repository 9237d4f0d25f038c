package io.aurum.connectors.noaa;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The NOAA CDO v2 connector: a dataset's series are {@code {station}-{datatype}}; one query asks
 * for all stations and data types over each ≤1-year window of [from, to) (dates in the dataset's
 * zone), paged by 1-based offset in steps of the limit (≤1,000) until the result-set count.
 * Thread-safe.
 */
public final class NoaaConnector implements Connector {
  private final ConnectorSettings settings;
  private final UpstreamHttp http;
  private final int limit;

  public NoaaConnector(ConnectorSettings settings) {
    this(
        settings,
        new UpstreamHttp(
            settings.connectTimeout(),
            settings.requestTimeout(),
            Clock.systemUTC(),
            settings.secrets()),
        NoaaRequestBuilder.MAX_LIMIT);
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

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    String token = settings.requireKey(Upstream.NOAA);
    NoaaRequestBuilder builder = new NoaaRequestBuilder(settings.baseUrl(Upstream.NOAA), limit);
    Set<String> stations = new LinkedHashSet<>();
    Set<String> types = new LinkedHashSet<>();
    for (String s : d.series()) {
      int dash = s.lastIndexOf('-');
      stations.add(s.substring(0, dash));
      types.add(s.substring(dash + 1));
    }
    Set<String> wanted = Set.copyOf(d.series());
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
    LocalDate start = from.atZone(d.zone()).toLocalDate();
    LocalDate end = to.minusNanos(1).atZone(d.zone()).toLocalDate();
    String datasetId = d.upstream().getOrDefault("datasetid", "GHCND");
    for (NoaaRequestBuilder.Window w : NoaaRequestBuilder.windows(start, end)) {
      long offset = 1;
      while (true) {
        NoaaPageParser.Page page =
            http.get(
                builder.page(datasetId, stations, types, w, offset),
                Map.of("token", token),
                context,
                (body, url) -> parser.parse(body, filtered),
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

  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return (int) Math.max(1, (dataset.series().size() + limit - 1) / limit);
  }
}
