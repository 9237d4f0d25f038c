package io.aurum.connectors.fred;

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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The FRED connector: per series, {@code series/observations} over the dates of [from, to) in the
 * dataset's zone, paged by offset until {@code count}. Option {@code as_of=YYYY-MM-DD} asks for the
 * vintage known on that date (ALFRED real-time period); option {@code series} narrows the series. A
 * fetch window ({@link #shape}) is any range up to {@code limit} observations per series: one
 * request per series, whatever the number of partitions. Thread-safe.
 */
public final class FredConnector implements Connector {
  private final ConnectorSettings settings;
  private final UpstreamHttp http;
  private final int limit;

  public FredConnector(ConnectorSettings settings) {
    this(
        settings,
        defaultHttp(settings),
        settings.limits(Upstream.FRED).pageRows(FredRequestBuilder.MAX_LIMIT));
  }

  public FredConnector(ConnectorSettings settings, UpstreamHttp http, int limit) {
    this.settings = settings;
    this.http = http;
    this.limit = limit;
  }

  static UpstreamHttp defaultHttp(ConnectorSettings s) {
    return new UpstreamHttp(s, Clock.systemUTC());
  }

  @Override
  public SourceId source() {
    return SourceId.FRED;
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    FredRequestBuilder builder =
        new FredRequestBuilder(
            settings.baseUrl(Upstream.FRED), settings.requireKey(Upstream.FRED), limit);
    LocalDate start = request.from().atZone(d.zone()).toLocalDate();
    LocalDate end = request.to().minusNanos(1).atZone(d.zone()).toLocalDate();
    LocalDate asOf = asOf(request.options().get("as_of"));
    FredPageParser parser = new FredPageParser(d.zone(), d.unit());
    RowCap cap = settings.rowCap(Upstream.FRED);
    Instant from = request.from();
    Instant to = request.to();
    Consumer<Observation> inRange =
        o -> {
          if (!o.period().isBefore(from) && o.period().isBefore(to)) {
            sink.accept(o);
          }
        };
    for (String series : series(request)) {
      long offset = 0;
      while (true) {
        URI uri = builder.page(series, start, end, asOf, offset);
        FredPageParser.Page page =
            http.get(
                Upstream.FRED,
                uri,
                Map.of(),
                context,
                (body, url) -> parser.parse(body, series, url, cap.counting(inRange, url)),
                FredErrors::fromResponse);
        offset += page.rows();
        if (offset >= page.count()) {
          break;
        }
        if (page.rows() == 0) {
          throw UpstreamException.retryable(
              "FRED returned an empty page at offset " + offset + " of " + page.count(), 200);
        }
      }
    }
  }

  /** One request per series for up to {@code limit} observations of it; offset pages beyond. */
  @Override
  public RequestShape shape(Dataset dataset) {
    return new RequestShape(limit, true, 0, 1, RequestShape.Span.ANY);
  }

  private static List<String> series(FetchRequest request) {
    String option = request.options().get("series");
    if (option == null || option.isBlank()) {
      return request.dataset().series();
    }
    return java.util.Arrays.stream(option.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty() && request.dataset().series().contains(s))
        .toList();
  }

  private static LocalDate asOf(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw UpstreamException.permanent("as_of must be YYYY-MM-DD, got '" + text + "'", null);
    }
  }
}
