package io.aurum.connectors.iso.nyiso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.UpstreamLimits;
import io.aurum.connectors.http.CountingInputStream;
import io.aurum.connectors.http.SizeLimitExceeded;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.MarketClient;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.Connector.FetchRequest;
import io.aurum.core.port.FetchContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * NYISO MIS files of the Eastern days of [from, to) (catalog {@code upstream.dir} and {@code
 * upstream.name}, e.g. {@code damlbmp} / {@code damlbmp_zone}). The days of a {@link #finished}
 * month come from one request for the month's archive {@code {YYYYMM01}{name}_csv.zip}, read member
 * by member as it streams (a whole month is one fetch window); a day of the current month is one
 * request for its daily CSV {@code /public/csv/{dir}/{YYYYMMDD}{name}.csv}, and only when that is
 * 404 the day's member of the archive (older days may be kept only there). An archive that is 404
 * falls back to the daily CSVs; a day no file has is not published: permanent. Locations not in the
 * dataset's series (external proxy buses) are dropped.
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

  /**
   * Whether a month is over for good: every day of it has ended (and, for a file with a live tail,
   * its last day is past {@link #LIVE_GRACE}), so its archive holds the final daily files.
   */
  public boolean finished(Dataset d, YearMonth month) {
    Duration grace = d.upstream().containsKey("latest") ? LIVE_GRACE : Duration.ZERO;
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay(d.zone()).toInstant();
    return !clock.instant().isBefore(end.plus(grace));
  }

  /** One file a query: at most one calendar month (the month's archive). */
  @Override
  public RequestShape shape(Dataset dataset) {
    return new RequestShape(
        0, false, 0, 1, (first, last) -> YearMonth.from(first).equals(YearMonth.from(last)));
  }

  /**
   * The partitions of each finished month make one window of one request (the month's archive); any
   * other day is a window of its own: its daily CSV, and the latest-interval file first while the
   * day is live.
   */
  @Override
  public List<FetchWindow> windows(
      Dataset dataset, List<PartitionKey> partitions, List<String> series) {
    TreeMap<LocalDate, PartitionKey> byPeriod = new TreeMap<>();
    partitions.forEach(p -> byPeriod.putIfAbsent(p.period(), p));
    List<FetchWindow> out = new ArrayList<>();
    List<PartitionKey> month = new ArrayList<>();
    for (PartitionKey p : byPeriod.values()) {
      YearMonth m = YearMonth.from(p.period());
      if (!month.isEmpty() && !YearMonth.from(month.get(0).period()).equals(m)) {
        out.add(new FetchWindow(dataset, month, 1));
        month = new ArrayList<>();
      }
      if (finished(dataset, m)) {
        month.add(p);
      } else {
        out.add(new FetchWindow(dataset, List.of(p), live(dataset, p) ? 2 : 1));
      }
    }
    if (!month.isEmpty()) {
      out.add(new FetchWindow(dataset, month, 1));
    }
    return out;
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    Set<String> wanted = Set.copyOf(d.series());
    Instant from = request.from();
    Instant to = request.to();
    Duration ending = intervalEnding(d);
    Duration step = d.frequency().intraday() ? d.frequency().step() : Duration.ZERO;
    UpstreamLimits limits = settings.limits(Upstream.NYISO);
    NyisoCsvParser parser = new NyisoCsvParser(d.zone(), d.unit(), ending, limits.maxLineBytes());
    RowCap cap = settings.rowCap(Upstream.NYISO);
    LocalDate first = from.atZone(d.zone()).toLocalDate();
    LocalDate last = to.minusNanos(1).atZone(d.zone()).toLocalDate();
    // Read before the daily file, so every row the file has up to this stamp is RTD: RTD only
    // ever replaces RTC rows, never the other way round.
    Instant cut =
        live(d, new PartitionKey(d.source(), d.name(), last))
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
    for (LocalDate month = first.withDayOfMonth(1);
        !month.isAfter(last);
        month = month.plusMonths(1)) {
      LocalDate a = month.isBefore(first) ? first : month;
      LocalDate monthEnd = month.plusMonths(1).minusDays(1);
      LocalDate b = monthEnd.isAfter(last) ? last : monthEnd;
      boolean finished = finished(d, YearMonth.from(month));
      if (finished && readMonth(d, a, b, parser, cap, filtered, context)) {
        continue;
      }
      // The current month (or a finished one whose archive is not there): one CSV a day; the
      // archive of a month in progress is read only for a day whose CSV is missing.
      for (LocalDate day = a; !day.isAfter(b); day = day.plusDays(1)) {
        readDay(d, day, !finished, parser, cap, filtered, context);
      }
    }
    if (cut.isBefore(to)) {
      context.settledUntil(cut);
    }
  }

  /**
   * Reads the days [a, b] of one month from its archive, streaming member by member; false when the
   * archive is not published (404).
   */
  private boolean readMonth(
      Dataset d,
      LocalDate a,
      LocalDate b,
      NyisoCsvParser parser,
      RowCap cap,
      Consumer<Observation> sink,
      FetchContext context) {
    String name = d.upstream("name");
    Set<String> members = new LinkedHashSet<>();
    for (LocalDate day = a; !day.isAfter(b); day = day.plusDays(1)) {
      members.add(DAY.format(day) + name + ".csv");
    }
    return getIfPresent(
        monthUri(settings.baseUrl(Upstream.NYISO), d.upstream("dir"), name, a),
        "application/zip",
        context,
        (body, url) ->
            parseMembers(body, members, parser, cap.counting(sink, url), url, maxMember()));
  }

  /**
   * Reads one day's CSV; when it is missing, from the month's archive if {@code orArchive}; when
   * that is missing too, the day is not published: permanent.
   */
  private void readDay(
      Dataset d,
      LocalDate day,
      boolean orArchive,
      NyisoCsvParser parser,
      RowCap cap,
      Consumer<Observation> sink,
      FetchContext context) {
    String base = settings.baseUrl(Upstream.NYISO);
    String dir = d.upstream("dir");
    String name = d.upstream("name");
    URI csv = fileUri(base, dir, name, day);
    if (getIfPresent(
        csv, "text/csv", context, (body, url) -> parser.parse(body, cap.counting(sink, url)))) {
      return;
    }
    // Older days may only be archived in the month's ZIP of daily CSVs.
    URI zip = monthUri(base, dir, name, day);
    Set<String> member = Set.of(DAY.format(day) + name + ".csv");
    if (orArchive
        && getIfPresent(
            zip,
            "application/zip",
            context,
            (body, url) ->
                parseMembers(body, member, parser, cap.counting(sink, url), url, maxMember()))) {
      return;
    }
    throw UpstreamException.permanent(
        "NYISO has no file for "
            + day
            + (orArchive
                ? " (HTTP 404 for the daily CSV and the monthly ZIP) [" + zip + "]"
                : " (HTTP 404 for the daily CSV) [" + csv + "]"),
        404);
  }

  /** GETs a file into {@code reader}; false when it is not there (404). */
  private boolean getIfPresent(
      URI uri, String accept, FetchContext context, UpstreamHttp.BodyReader<?> reader) {
    boolean[] missing = {false};
    try {
      http.get(
          Upstream.NYISO,
          uri,
          Map.of("Accept", accept),
          context,
          reader,
          (status, body, retryAfter, url) -> {
            if (status == 404) {
              missing[0] = true;
              return UpstreamException.permanent("NYISO file not found [" + url + "]", 404);
            }
            return null;
          });
      return true;
    } catch (UpstreamException e) {
      if (missing[0]) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The end of the latest RTD interval, from the latest-interval file; on the fall-back day an
   * ambiguous stamp is read as the earlier instant (keeps less, never an RTC row).
   */
  private Instant latestSettled(Dataset d, FetchContext context) {
    NyisoCsvParser ends =
        new NyisoCsvParser(
            d.zone(), d.unit(), Duration.ZERO, settings.limits(Upstream.NYISO).maxLineBytes());
    Instant[] latest = {null};
    String name = d.upstream("latest");
    http.get(
        Upstream.NYISO,
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

  private long maxMember() {
    return settings.limits(Upstream.NYISO).maxMemberBytes();
  }

  /**
   * Streams an archive, parsing each of {@code members} (daily CSV names) as its entry comes, and
   * stops once all are read; a member the archive lacks is permanent. Every member passed on the
   * way, wanted or not, is read through a count that stops it at {@code maxMember} bytes ({@link
   * io.aurum.connectors.http.SizeLimitExceeded}).
   */
  private static int parseMembers(
      InputStream body,
      Set<String> members,
      NyisoCsvParser parser,
      Consumer<Observation> sink,
      String url,
      long maxMember)
      throws IOException {
    Set<String> missing = new LinkedHashSet<>(members);
    ZipInputStream zip = new ZipInputStream(body);
    ZipEntry e;
    boolean any = false;
    int rows = 0;
    while (!missing.isEmpty() && (e = zip.getNextEntry()) != null) {
      any = true;
      String entry = e.getName().substring(e.getName().lastIndexOf('/') + 1);
      String what = "archive member '" + SizeLimitExceeded.printable(e.getName()) + "' of " + url;
      InputStream member =
          new CountingInputStream(zip, maxMember, what, "max_member_bytes of nyiso");
      if (missing.remove(entry)) {
        rows += parser.parse(member, sink);
      } else {
        member.transferTo(OutputStream.nullOutputStream());
      }
    }
    if (!any) {
      throw new IOException("NYISO monthly archive is not a ZIP");
    }
    if (!missing.isEmpty()) {
      throw UpstreamException.permanent(
          "NYISO monthly archive lacks " + String.join(", ", missing) + " [" + url + "]", 404);
    }
    return rows;
  }
}
