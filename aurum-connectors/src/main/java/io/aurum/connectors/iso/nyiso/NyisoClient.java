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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * NYISO MIS daily CSVs: one file {@code /public/csv/{dir}/{YYYYMMDD}{name}.csv} per Eastern day of
 * [from, to) (catalog {@code upstream.dir} and {@code upstream.name}, e.g. {@code damlbmp} / {@code
 * damlbmp_zone}). Locations not in the dataset's series (external proxy buses) are dropped. When
 * the daily CSV is 404 the day's member of the month's archive {@code {YYYYMM01}{name}_csv.zip} is
 * read instead (older days may be kept only there); when both are 404 the day is not published:
 * permanent. Thread-safe.
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
      String base = settings.baseUrl(Upstream.NYISO);
      String dir = d.upstream("dir");
      String name = d.upstream("name");
      LocalDate current = day;
      boolean[] missing = {false};
      try {
        http.get(
            fileUri(base, dir, name, day),
            Map.of("Accept", "text/csv"),
            context,
            (body, url) -> parser.parse(body, filtered),
            (status, body, retryAfter, url) -> {
              if (status == 404) {
                missing[0] = true;
                return UpstreamException.permanent("NYISO daily CSV not found [" + url + "]", 404);
              }
              return null;
            });
      } catch (UpstreamException e) {
        if (!missing[0]) {
          throw e;
        }
      }
      if (missing[0]) {
        // Older days may only be archived in the month's ZIP of daily CSVs.
        String member = DAY.format(current) + name + ".csv";
        http.get(
            monthUri(base, dir, name, day),
            Map.of("Accept", "application/zip"),
            context,
            (body, url) -> parseMember(body, member, parser, filtered, url),
            (status, body, retryAfter, url) ->
                status == 404
                    ? UpstreamException.permanent(
                        "NYISO has no file for "
                            + current
                            + " (HTTP 404 for the daily CSV and the monthly ZIP) ["
                            + url
                            + "]",
                        404)
                    : null);
      }
    }
  }

  /** The URL of a month's ZIP of daily CSVs, {@code {YYYYMM01}{name}_csv.zip}. */
  public static URI monthUri(String baseUrl, String dir, String name, LocalDate day) {
    return URI.create(
        baseUrl.replaceAll("/+$", "")
            + "/public/csv/"
            + dir
            + "/"
            + DAY.format(day.withDayOfMonth(1))
            + name
            + "_csv.zip");
  }

  private static int parseMember(
      InputStream body,
      String member,
      NyisoCsvParser parser,
      Consumer<Observation> sink,
      String url)
      throws IOException {
    ZipInputStream zip = new ZipInputStream(body);
    ZipEntry e;
    boolean any = false;
    while ((e = zip.getNextEntry()) != null) {
      any = true;
      if (e.getName().endsWith(member)) {
        return parser.parse(zip, sink);
      }
    }
    if (!any) {
      throw new IOException("NYISO monthly archive is not a ZIP");
    }
    throw UpstreamException.permanent(
        "NYISO monthly archive lacks " + member + " [" + url + "]", 404);
  }

  /** Requests for one day: the daily CSV (plus the monthly ZIP only when the CSV is missing). */
  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return 1;
  }
}
