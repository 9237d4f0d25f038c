package io.aurum.connectors.iso.nyiso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.UpstreamLimits;
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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

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
  /**
   * How long after its end a day is still read as live: RTD prices of the last intervals may post
   * after midnight, and until they do the file can still end in RTC rows.
   */
  public static final Duration LIVE_GRACE = Duration.ofHours(1);

  private final ConnectorSettings settings;
  private final Clock clock;
  private final NyisoFileReader files;
  private final NyisoLatestInterval latest;

  public NyisoClient(ConnectorSettings settings, UpstreamHttp http, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.files = new NyisoFileReader(settings, http);
    this.latest = new NyisoLatestInterval(settings, http);
  }

  /** The URL of the latest-interval snapshot {@code /public/realtime/{name}.csv}. */
  public static URI latestUri(String baseUrl, String name) {
    return NyisoUrls.latestUri(baseUrl, name);
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
    return NyisoUrls.fileUri(baseUrl, dir, name, day);
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
            ? min(latest.latestSettled(d, context), floor(clock.instant(), step))
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
      if (finished && files.readMonth(d, a, b, parser, cap, filtered, context)) {
        continue;
      }
      // The current month (or a finished one whose archive is not there): one CSV a day; the
      // archive of a month in progress is read only for a day whose CSV is missing.
      for (LocalDate day = a; !day.isAfter(b); day = day.plusDays(1)) {
        files.readDay(d, day, !finished, parser, cap, filtered, context);
      }
    }
    if (cut.isBefore(to)) {
      context.settledUntil(cut);
    }
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
    return NyisoUrls.monthUri(baseUrl, dir, name, day);
  }
}
