package io.aurum.sandbox.iso;

import io.aurum.sandbox.EmulatorBase;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.SandboxResponse;
import io.aurum.sandbox.Values;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emulates the NYISO MIS daily CSVs {@code /public/csv/damlbmp/{YYYYMMDD}damlbmp_zone.csv} and
 * {@code /public/csv/rtlbmp/{YYYYMMDD}rtlbmp_zone.csv}: one row per hour-beginning Eastern clock
 * time ({@code MM/dd/yyyy HH:mm}, no offset) and location — the 11 NYCA zones plus the proxy buses
 * {@code H Q}, {@code NPX}, {@code O H}, {@code PJM} — 23 hours on the spring-forward day and 25 on
 * the fall-back day (the repeated 01:00 hour twice, in time order). Files dated before 2016-07-01
 * have the truncated last header {@code "Marginal Cost Congestion ($/MWH"}. Files exist from
 * 2001-01-01 to today (Eastern); others are 404. The monthly archive {@code
 * /public/csv/{dir}/{YYYYMM01}{name}_csv.zip} holds the month's daily CSVs. Revisions apply per
 * Eastern date.
 *
 * <p>The 5-minute real-time file {@code /public/csv/realtime/{YYYYMMDD}realtime_zone.csv} has
 * interval-ending stamps {@code MM/dd/yyyy HH:mm:ss}, {@code 00:05:00} to {@code 00:00:00} of the
 * next day (276 / 288 / 300 per location). Today's file holds the RTD intervals that ended by the
 * sandbox clock, then RTC (advisory) rows at the next quarter hours up to {@value #RTC_HOURS} hours
 * ahead (not past the day), with values unlike any RTD price; {@code
 * /public/realtime/realtime_zone_lbmp.csv} holds the latest RTD interval. Thread-safe.
 */
public final class NyisoEmulator extends EmulatorBase {
  public static final String SOURCE = "nyiso";
  public static final ZoneId EASTERN = ZoneId.of("America/New_York");
  public static final LocalDate FULL_HEADER_FROM = LocalDate.of(2016, 7, 1);
  static final String[][] ZONES = {
    {"CAPITL", "61757"}, {"CENTRL", "61754"}, {"DUNWOD", "61760"}, {"GENESE", "61753"},
    {"H Q", "61844"}, {"HUD VL", "61758"}, {"LONGIL", "61762"}, {"MHK VL", "61756"},
    {"MILLWD", "61759"}, {"N.Y.C.", "61761"}, {"NORTH", "61755"}, {"NPX", "61845"},
    {"O H", "61846"}, {"PJM", "61847"}, {"WEST", "61752"}
  };

  /** How far ahead today's real-time file carries RTC rows. */
  public static final int RTC_HOURS = 2;

  public static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  public static final String LATEST_PATH = "/public/realtime/realtime_zone_lbmp.csv";
  private static final Pattern FILE =
      Pattern.compile(
          "/public/csv/(damlbmp|rtlbmp|realtime)/(\\d{8})(damlbmp_zone|rtlbmp_zone|realtime_zone)\\.csv");
  private static final Pattern MONTH =
      Pattern.compile(
          "/public/csv/(damlbmp|rtlbmp|realtime)/(\\d{6})01(damlbmp_zone|rtlbmp_zone|realtime_zone)_csv\\.zip");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm");
  private static final DateTimeFormatter STAMP_SECONDS =
      DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

  public NyisoEmulator(Revisions revisions, Clock clock) {
    super(SOURCE, "/public/", revisions, Set.of(), clock);
  }

  @Override
  public LocalDate startDate(SandboxRequest request) {
    Matcher m = FILE.matcher(request.path());
    if (m.matches()) {
      return LocalDate.parse(m.group(2), DAY);
    }
    Matcher month = MONTH.matcher(request.path());
    return month.matches() ? LocalDate.parse(month.group(2) + "01", DAY) : null;
  }

  /** A daily file covers its day; a month's archive the whole month. */
  @Override
  public LocalDate endDate(SandboxRequest request) {
    Matcher month = MONTH.matcher(request.path());
    return month.matches()
        ? LocalDate.parse(month.group(2) + "01", DAY).plusMonths(1).minusDays(1)
        : startDate(request);
  }

  @Override
  public SandboxResponse handle(SandboxRequest r) {
    if (r.path().equals(LATEST_PATH)) {
      return new SandboxResponse(200, "text/csv", Map.of(), latest());
    }
    Matcher month = MONTH.matcher(r.path());
    if (month.matches() && month.group(3).startsWith(month.group(1))) {
      return monthZip(month.group(1), month.group(3), LocalDate.parse(month.group(2) + "01", DAY));
    }
    Matcher m = FILE.matcher(r.path());
    if (!m.matches() || !m.group(3).startsWith(m.group(1))) {
      return error(404, "Not Found");
    }
    LocalDate day = LocalDate.parse(m.group(2), DAY);
    if (!published(day)) {
      return error(404, "Not Found");
    }
    return new SandboxResponse(200, "text/csv", Map.of(), csv(m.group(1), day));
  }

  private boolean published(LocalDate day) {
    return !day.isBefore(LocalDate.of(2001, 1, 1))
        && !day.isAfter(LocalDate.now(clock.withZone(EASTERN)));
  }

  /** The month's archive: one {@code {YYYYMMDD}{name}.csv} member per published day. */
  private SandboxResponse monthZip(String dir, String name, LocalDate first) {
    if (!published(first)) {
      return error(404, "Not Found");
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
      for (LocalDate d = first;
          d.getMonth() == first.getMonth() && published(d);
          d = d.plusDays(1)) {
        z.putNextEntry(new java.util.zip.ZipEntry(DAY.format(d) + name + ".csv"));
        z.write(csv(dir, d));
        z.closeEntry();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new SandboxResponse(200, "application/zip", Map.of(), out.toByteArray());
  }

  private byte[] csv(String dir, LocalDate day) {
    StringBuilder csv = header(day);
    if (dir.equals("realtime")) {
      Instant settled = latestRtd();
      Instant lastRtd = null;
      for (Map.Entry<Instant, String> end : intervals(day).entrySet()) {
        if (end.getKey().isAfter(settled)) {
          break;
        }
        lastRtd = end.getKey();
        rows(csv, end.getValue(), zone -> realtimePrices(zone, end.getKey(), day));
      }
      // Today's file goes on with RTC advisory rows at the next quarter hours.
      Instant dayEnd = day.plusDays(1).atStartOfDay(EASTERN).toInstant();
      Instant from = lastRtd == null ? day.atStartOfDay(EASTERN).toInstant() : lastRtd;
      Instant horizon = from.plus(Duration.ofHours(RTC_HOURS));
      for (Instant t = from.plus(FIVE_MINUTES); !t.isAfter(dayEnd); t = t.plus(FIVE_MINUTES)) {
        if (t.getEpochSecond() % 900 == 0 && !t.isAfter(horizon)) {
          Instant at = t;
          rows(csv, stamp(at), zone -> advisoryPrices(zone, at, day));
        }
      }
    } else {
      boolean dam = dir.equals("damlbmp");
      for (Map.Entry<Instant, String> hour : hours(day).entrySet()) {
        rows(csv, hour.getValue(), zone -> prices(dam, zone, hour.getKey(), day));
      }
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The latest-interval snapshot: every location at the latest RTD interval. */
  private byte[] latest() {
    Instant end = latestRtd();
    LocalDate day = fileDay(end);
    StringBuilder csv = header(day);
    rows(csv, stamp(end), zone -> realtimePrices(zone, end, day));
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static StringBuilder header(LocalDate day) {
    StringBuilder csv = new StringBuilder();
    csv.append("\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",")
        .append("\"Marginal Cost Losses ($/MWHr)\",")
        .append(
            day.isBefore(FULL_HEADER_FROM)
                ? "\"Marginal Cost Congestion ($/MWH\"\r\n"
                : "\"Marginal Cost Congestion ($/MWHr)\"\r\n");
    return csv;
  }

  private static void rows(
      StringBuilder csv, String stamp, java.util.function.Function<String, String[]> prices) {
    for (String[] zone : ZONES) {
      String[] v = prices.apply(zone[0]);
      csv.append('"')
          .append(stamp)
          .append("\",\"")
          .append(zone[0])
          .append("\",")
          .append(zone[1])
          .append(',')
          .append(v[0])
          .append(',')
          .append(v[1])
          .append(',')
          .append(v[2])
          .append("\r\n");
    }
  }

  /** The end of the latest 5-minute interval that has ended by the sandbox clock. */
  public Instant latestRtd() {
    long s = clock.instant().getEpochSecond();
    return Instant.ofEpochSecond(s - Math.floorMod(s, 300));
  }

  /** The Eastern day whose real-time file holds the interval ending at {@code end}. */
  public static LocalDate fileDay(Instant end) {
    return LocalDate.ofInstant(end.minus(FIVE_MINUTES), EASTERN);
  }

  private static String stamp(Instant end) {
    return STAMP_SECONDS.format(ZonedDateTime.ofInstant(end, EASTERN));
  }

  /**
   * Interval ends of an Eastern day's 5-minute file (276, 288 or 300) with their clock stamps, in
   * time order: {@code 00:05:00} to {@code 00:00:00} of the next day.
   */
  public static Map<Instant, String> intervals(LocalDate day) {
    Map<Instant, String> out = new LinkedHashMap<>();
    Instant end = day.plusDays(1).atStartOfDay(EASTERN).toInstant();
    for (Instant t = day.atStartOfDay(EASTERN).toInstant().plus(FIVE_MINUTES);
        !t.isAfter(end);
        t = t.plus(FIVE_MINUTES)) {
      out.put(t, stamp(t));
    }
    return out;
  }

  /** Real-time (RTD) LBMP, losses and congestion of the 5-minute interval ending at {@code end}. */
  public String[] realtimePrices(String zone, Instant end, LocalDate day) {
    return fiveMinute("RT5", zone, end, day);
  }

  /**
   * An RTC advisory price for a future interval: around twice the RTD level, so a test can tell an
   * advisory row that leaked into published data from any real one.
   */
  public String[] advisoryPrices(String zone, Instant end, LocalDate day) {
    return fiveMinute("RTC", zone, end, day);
  }

  private String[] fiveMinute(String kind, String zone, Instant end, LocalDate day) {
    int revision = revisions.revision(SOURCE, day);
    ZonedDateTime z = ZonedDateTime.ofInstant(end.minus(FIVE_MINUTES), EASTERN);
    double h = z.getHour() + z.getMinute() / 60.0;
    double level =
        (kind.equals("RTC") ? 90 : 36) * (1 + 0.3 * Math.sin(2 * Math.PI * (h - 10) / 24.0));
    String key = kind + zone + end;
    return priceColumns(level, revision, key);
  }

  /** Hour starts of an Eastern day (23, 24 or 25) with their clock stamps, in time order. */
  public static Map<Instant, String> hours(LocalDate day) {
    Map<Instant, String> out = new LinkedHashMap<>();
    Instant end = day.plusDays(1).atStartOfDay(EASTERN).toInstant();
    for (Instant t = day.atStartOfDay(EASTERN).toInstant();
        t.isBefore(end);
        t = t.plusSeconds(3600)) {
      out.put(t, STAMP.format(ZonedDateTime.ofInstant(t, EASTERN)));
    }
    return out;
  }

  /** LBMP, losses and congestion (congestion negative = higher LBMP, NYISO's sign convention). */
  public String[] prices(boolean dam, String zone, Instant hour, LocalDate day) {
    int revision = revisions.revision(SOURCE, day);
    int h = ZonedDateTime.ofInstant(hour, EASTERN).getHour();
    double level = (dam ? 38 : 36) * (1 + 0.3 * Math.sin(2 * Math.PI * (h - 10) / 24.0));
    String key = (dam ? "DA" : "RT") + zone + hour;
    return priceColumns(level, revision, key);
  }

  /** LBMP, losses and congestion around {@code level}, deterministic in {@code key}. */
  private static String[] priceColumns(double level, int revision, String key) {
    double lbmp = Values.value(level, 0.3, 2, revision, key).doubleValue();
    double losses = Values.value(1.2, 1.0, 2, 0, key, "loss").doubleValue();
    return new String[] {
      String.format("%.2f", lbmp),
      String.format("%.2f", losses),
      String.format("%.2f", -(lbmp - losses - level * 0.9))
    };
  }

  @Override
  public SandboxResponse error(int status, String message) {
    return new SandboxResponse(
        status,
        "text/html",
        Map.of(),
        ("<html><head><title>"
                + status
                + " "
                + message
                + "</title></head><body><h1>"
                + message
                + "</h1></body></html>")
            .getBytes(StandardCharsets.UTF_8));
  }
}
