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
import java.time.Clock;
import java.time.Duration;
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
 * permanent.
 *
 * <p>{@code upstream.stamp = interval_end} marks files whose stamps end their interval (the
 * 5-minute {@code realtime_zone}): periods are interval starts. {@code upstream.latest} names the
 * latest-interval file ({@code /public/realtime/{latest}.csv}) of a real-time file whose current
 * day ends in RTC (advisory) rows: while a day is live (see {@link #live}) that file is read
 * <em>first</em>, and only rows whose interval ends by both its latest RTD stamp and the clock are
 * emitted; the cut goes to {@link FetchContext#settledUntil} so the engine publishes the day
 * incomplete. Thread-safe.
 */
public final class NyisoClient implements MarketClient {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  /**
   * How long after its end a day is still read as live: RTD prices of the last intervals may post
   * after midnight, and until they do the file can still end in RTC rows.
   */
  public static final Duration LIVE_GRACE = Duration.ofHours(1);

  private final ConnectorSettings settings;
  private final UpstreamHttp http;
  private final Clock clock;

  public NyisoClient(ConnectorSettings settings, UpstreamHttp http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  /** The URL of the latest-interval snapshot {@code /public/realtime/{name}.csv}. */
  public static URI latestUri(String baseUrl, String name) {
    return URI.create(baseUrl.replaceAll("/+$", "") + "/public/realtime/" + name + ".csv");
  }

  /**
   * Whether the partition's file may still carry RTC rows: the dataset names a latest-interval file
   * and the partition ends less than {@link #LIVE_GRACE} before now.
   */
  public boolean live(Dataset d, PartitionKey partition) {
    return d.upstream().containsKey("latest")
        && clock.instant().isBefore(partition.end(d).plus(LIVE_GRACE));
  }

  /** The length of the interval each stamp ends, or zero for interval-beginning stamps. */
  static Duration intervalEnding(Dataset d) {
    String stamp = d.upstream().getOrDefault("stamp", "interval_start");
    if (stamp.equals("interval_end")) {
      return d.frequency().step();
    }
    if (!stamp.equals("interval_start")) {
      throw UpstreamException.permanent(
          "dataset "
              + d.name()
              + " has upstream.stamp '"
              + stamp
              + "': use interval_start or interval_end",
          null);
    }
    return Duration.ZERO;
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
    Duration ending = intervalEnding(d);
    Duration step = d.frequency().intraday() ? d.frequency().step() : Duration.ZERO;
    NyisoCsvParser parser = new NyisoCsvParser(d.zone(), d.unit(), ending);
    // Read before the daily file, so every row the file has up to this stamp is RTD: RTD only
    // ever replaces RTC rows, never the other way round.
    Instant cut =
        live(d, request.partition())
            ? min(latestSettled(d, context), floor(clock.instant(), step))
            : Instant.MAX;
    Consumer<Observation> filtered =
        o -> {
          if (wanted.contains(o.seriesId())
              && !o.period().isBefore(from)
              && o.period().isBefore(to)
              && !o.period().plus(step).isAfter(cut)) {
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
    if (cut.isBefore(request.partition().end(d))) {
      context.settledUntil(cut);
    }
  }

  /**
   * The end of the latest RTD interval, from the latest-interval file; on the fall-back day an
   * ambiguous stamp is read as the earlier instant (keeps less, never an RTC row).
   */
  private Instant latestSettled(Dataset d, FetchContext context) {
    NyisoCsvParser ends = new NyisoCsvParser(d.zone(), d.unit());
    Instant[] latest = {null};
    String name = d.upstream("latest");
    http.get(
        latestUri(settings.baseUrl(Upstream.NYISO), name),
        Map.of("Accept", "text/csv"),
        context,
        (body, url) ->
            ends.parse(
                body,
                o -> {
                  if (latest[0] == null || o.period().isAfter(latest[0])) {
                    latest[0] = o.period();
                  }
                }),
        null);
    if (latest[0] == null) {
      throw UpstreamException.retryable(
          "NYISO latest-interval file " + name + " has no rows", null);
    }
    return latest[0];
  }

  /** The last period boundary at or before {@code t} (intervals align to the epoch in UTC). */
  private static Instant floor(Instant t, Duration step) {
    long s = step.getSeconds();
    return s == 0
        ? t
        : Instant.ofEpochSecond(t.getEpochSecond() - Math.floorMod(t.getEpochSecond(), s));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
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

  /**
   * Requests for one day: the daily CSV (plus the monthly ZIP only when the CSV is missing), and
   * the latest-interval file while the day is live.
   */
  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return live(dataset, partition) ? 2 : 1;
  }
}
