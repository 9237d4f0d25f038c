package io.aurum.connectors.eia;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The EIA API v2 connector: one query for all series of a dataset over [from, to), paged by offset
 * until the offset reaches the page's {@code total}. Option {@code series} (comma-separated catalog
 * ids) narrows the query to a window of series. A fetch window ({@link #shape}) holds at most one
 * page of {@value EiaRequestBuilder#PAGE_LENGTH} rows (fewer where {@code page_rows} of
 * upstream_limits.json says so), so a long range is many one-request windows that can run side by
 * side within the quota. A page shorter than it should be (fewer rows than {@code min(length, total
 * - offset)}, which EIA marks with the "incomplete return" warning) is never taken as the end:
 * paging goes on from the rows actually read until {@code total}, so no row is lost, and a page
 * with no rows before {@code total} is a retryable error. Thread-safe.
 */
public final class EiaConnector implements Connector {
  private final ConnectorSettings settings;
  private final UpstreamHttp http;
  private final int pageLength;

  public EiaConnector(ConnectorSettings settings) {
    this(settings, new UpstreamHttp(settings, Clock.systemUTC()));
  }

  public EiaConnector(ConnectorSettings settings, UpstreamHttp http) {
    this.settings = settings;
    this.http = http;
    this.pageLength = settings.limits(Upstream.EIA).pageRows(Upstream.EIA.maxPageRows());
  }

  @Override
  public SourceId source() {
    return SourceId.EIA;
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset dataset = request.dataset();
    Instant from = request.from();
    Instant to = request.to();
    List<String> series = seriesOption(request);
    Set<String> wanted = Set.copyOf(series.isEmpty() ? dataset.series() : series);
    EiaRequestBuilder builder =
        new EiaRequestBuilder(
            settings.baseUrl(Upstream.EIA), settings.requireKey(Upstream.EIA), pageLength);
    EiaRequestBuilder.EiaQuery query = EiaRequestBuilder.query(dataset, from, to, series);
    EiaPageParser parser = new EiaPageParser(dataset);
    RowCap cap = settings.rowCap(Upstream.EIA);
    Consumer<Observation> inRange =
        o -> {
          if (wanted.contains(o.seriesId())
              && !o.period().isBefore(from)
              && o.period().isBefore(to)) {
            sink.accept(o);
          }
        };
    long offset = 0;
    while (true) {
      URI uri = builder.page(query, offset);
      EiaPageParser.Page page =
          http.get(
              Upstream.EIA,
              uri,
              Map.of(),
              context,
              (body, url) -> parser.parse(body, url, cap.counting(inRange, url)),
              EiaErrors::fromResponse);
      // A short page (EIA's cut at its row limit, with the "incomplete return" warning) is not
      // the end: the next page starts after the rows actually read, until total.
      offset += page.rows();
      if (offset >= page.total()) {
        return;
      }
      if (page.rows() == 0) {
        throw UpstreamException.retryable(
            "EIA returned an empty page at offset " + offset + " of " + page.total() + " rows",
            200);
      }
    }
  }

  /** Windows of whole partitions holding at most one page: one request each. */
  @Override
  public RequestShape shape(Dataset dataset) {
    return new RequestShape(pageLength, false, 0, 1, RequestShape.Span.ANY);
  }

  private static List<String> seriesOption(FetchRequest request) {
    String option = request.options().get("series");
    if (option == null || option.isBlank()) {
      return List.of();
    }
    return Arrays.stream(option.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
