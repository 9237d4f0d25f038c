package io.aurum.connectors.iso.nyiso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.MarketClient;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.Connector.FetchRequest;
import io.aurum.core.port.FetchContext;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * NYISO MIS daily CSVs: one file {@code /public/csv/{dir}/{YYYYMMDD}{name}.csv} per Eastern day of
 * [from, to) (catalog {@code upstream.dir} and {@code upstream.name}, e.g. {@code damlbmp} / {@code
 * damlbmp_zone}). Locations not in the dataset's series (external proxy buses) are dropped. A 404 —
 * a file not (or no longer) published — is permanent. Thread-safe.
 */
public final class NyisoClient implements MarketClient {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final ConnectorSettings settings;
  private final UpstreamHttp http;

  public NyisoClient(ConnectorSettings settings, UpstreamHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /** The URL of one day's file. */
  public static URI fileUri(String baseUrl, String dir, String name, LocalDate day) {
    return URI.create(
        baseUrl.replaceAll("/+$", "")
            + "/public/csv/"
            + dir
            + "/"
            + DAY.format(day)
            + name
            + ".csv");
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    Set<String> wanted = Set.copyOf(d.series());
    Instant from = request.from();
    Instant to = request.to();
    NyisoCsvParser parser = new NyisoCsvParser(d.zone(), d.unit());
    Consumer<Observation> filtered =
        o -> {
          if (wanted.contains(o.seriesId())
              && !o.period().isBefore(from)
              && o.period().isBefore(to)) {
            sink.accept(o);
          }
        };
    LocalDate last = to.minusNanos(1).atZone(d.zone()).toLocalDate();
    for (LocalDate day = from.atZone(d.zone()).toLocalDate();
        !day.isAfter(last);
        day = day.plusDays(1)) {
      URI uri =
          fileUri(settings.baseUrl(Upstream.NYISO), d.upstream("dir"), d.upstream("name"), day);
      LocalDate current = day;
      http.get(
          uri,
          Map.of("Accept", "text/csv"),
          context,
          (body, url) -> parser.parse(body, filtered),
          (status, body, retryAfter, url) ->
              status == 404
                  ? UpstreamException.permanent(
                      "NYISO has no file for " + current + " (HTTP 404) [" + url + "]", 404)
                  : null);
    }
  }

  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return 1;
  }
}
