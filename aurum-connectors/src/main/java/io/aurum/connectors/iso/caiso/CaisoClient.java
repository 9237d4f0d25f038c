package io.aurum.connectors.iso.caiso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.MarketClient;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.Connector.FetchRequest;
import io.aurum.core.port.FetchContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * windows of at most {@value #MAX_DAYS} days and chunks of at most {@value #MAX_NODES} nodes, with
 * {@code resultformat=6} (CSV in the ZIP). Thread-safe.
 */
public final class CaisoClient implements MarketClient {
  public static final int MAX_DAYS = 31;
  public static final int MAX_NODES = 10;
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm'-0000'").withZone(ZoneOffset.UTC);

  private final ConnectorSettings settings;
  private final UpstreamHttp http;

  public CaisoClient(ConnectorSettings settings, UpstreamHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /** The URLs covering [from, to) for the nodes, each within OASIS's limits. */
  public static List<URI> requests(String baseUrl, Dataset d, Instant from, Instant to) {
    List<URI> out = new ArrayList<>();
    List<String> nodes = d.series();
    for (Instant s = from; s.isBefore(to); s = s.plus(Duration.ofDays(MAX_DAYS))) {
      Instant e = s.plus(Duration.ofDays(MAX_DAYS));
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

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    Set<String> wanted = Set.copyOf(d.series());
    Instant from = request.from();
    Instant to = request.to();
    CaisoZipParser parser = new CaisoZipParser(d.unit());
    Consumer<Observation> filtered =
        o -> {
          if (wanted.contains(o.seriesId())
              && !o.period().isBefore(from)
              && o.period().isBefore(to)) {
            sink.accept(o);
          }
        };
    for (URI uri : requests(settings.baseUrl(Upstream.CAISO), d, from, to)) {
      http.get(
          uri,
          Map.of("Accept", "application/zip"),
          context,
          (body, url) -> parser.parse(body, url, filtered),
          null);
    }
  }

  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return requests("http://x", dataset, partition.start(dataset), partition.end(dataset)).size();
  }
}
