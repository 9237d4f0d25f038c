package io.aurum.connectors.iso.caiso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RequestLimits;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.MarketClient;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.port.Connector.FetchRequest;
import io.aurum.core.port.FetchContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * CAISO OASIS {@code SingleZip} for {@code PRC_LMP} (catalog {@code upstream.queryname}, {@code
 * market_run_id}, {@code version}): [from, to) in UTC ({@code yyyyMMdd'T'HH:mm-0000}), split into
 * windows of at most {@value #MAX_DAYS} days (744 hours) and chunks of at most {@value #MAX_NODES}
 * nodes (option {@code series} narrows them), with {@code resultformat=6} (CSV in the ZIP). A fetch
 * window ({@link #shape}) is whole days of the dataset's zone spanning at most 744 hours — 31 days,
 * or 30 over the fall-back day — so it is one request per chunk of nodes. Thread-safe.
 */
public final class CaisoClient implements MarketClient {
  public static final int MAX_DAYS = RequestLimits.CAISO_MAX_DAYS;
  public static final int MAX_NODES = RequestLimits.CAISO_MAX_NODES;
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm'-0000'").withZone(ZoneOffset.UTC);

  private final ConnectorSettings settings;
  private final UpstreamHttp http;

  public CaisoClient(ConnectorSettings settings, UpstreamHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /** The URLs covering [from, to) for all the dataset's nodes, each within OASIS's limits. */
  public static List<URI> requests(String baseUrl, Dataset d, Instant from, Instant to) {
    return requests(baseUrl, d, d.series(), from, to);
  }

  /** The URLs covering [from, to) for {@code nodes}, each within OASIS's limits. */
  public static List<URI> requests(
      String baseUrl, Dataset d, List<String> nodes, Instant from, Instant to) {
    List<URI> out = new ArrayList<>();
    for (Instant s = from; s.isBefore(to); s = s.plus(RequestLimits.CAISO_MAX_SPAN)) {
      Instant e = s.plus(RequestLimits.CAISO_MAX_SPAN);
      if (e.isAfter(to)) {
        e = to;
      }
      for (int i = 0; i < nodes.size(); i += MAX_NODES) {
        List<String> chunk = nodes.subList(i, Math.min(nodes.size(), i + MAX_NODES));
        String q =
            "resultformat=6&queryname="
                + enc(d.upstream().getOrDefault("queryname", "PRC_LMP"))
                + "&version="
                + enc(d.upstream().getOrDefault("version", "12"))
                + "&market_run_id="
                + enc(d.upstream().getOrDefault("market_run_id", "DAM"))
                + "&startdatetime="
                + enc(STAMP.format(s))
                + "&enddatetime="
                + enc(STAMP.format(e))
                + "&node="
                + enc(String.join(",", chunk));
        out.add(URI.create(baseUrl.replaceAll("/+$", "") + "/oasisapi/SingleZip?" + q));
      }
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * One query per chunk of {@value #MAX_NODES} nodes over whole days of the dataset's zone whose
   * elapsed time stays within {@link RequestLimits#CAISO_MAX_SPAN}; no paging.
   */
  @Override
  public RequestShape shape(Dataset dataset) {
    ZoneId zone = dataset.zone();
    RequestShape.Span span =
        (first, last) ->
            Duration.between(
                        first.atStartOfDay(zone).toInstant(),
                        last.plusDays(1).atStartOfDay(zone).toInstant())
                    .compareTo(RequestLimits.CAISO_MAX_SPAN)
                <= 0;
    return new RequestShape(0, false, MAX_NODES, 1, span);
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    List<String> nodes = MarketClient.selectedSeries(request);
    Set<String> wanted = Set.copyOf(nodes);
    Instant from = request.from();
    Instant to = request.to();
    CaisoZipParser parser = new CaisoZipParser(d.unit(), settings.limits(Upstream.CAISO));
    RowCap cap = settings.rowCap(Upstream.CAISO);
    Consumer<Observation> filtered =
        o -> {
          if (wanted.contains(o.seriesId())
              && !o.period().isBefore(from)
              && o.period().isBefore(to)) {
            sink.accept(o);
          }
        };
    for (URI uri : requests(settings.baseUrl(Upstream.CAISO), d, nodes, from, to)) {
      http.get(
          Upstream.CAISO,
          uri,
          Map.of("Accept", "application/zip"),
          context,
          (body, url) -> parser.parse(body, url, cap.counting(filtered, url)),
          null);
    }
  }
}
