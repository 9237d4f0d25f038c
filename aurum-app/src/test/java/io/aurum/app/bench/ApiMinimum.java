package io.aurum.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The fewest requests an upstream API needs to return a date range of some datasets, worked out
 * from the API's documented limits alone (issue 15): the yardstick {@link RequestsBench} divides
 * Aurum's request count by. Deliberately independent of Aurum's packing code ({@code
 * io.aurum.core.fetch}, the connectors' shapes): it reads only the catalogue's facts (series,
 * frequency, zone) from {@code config/datasets.json} and counts rows with {@code java.time}.
 *
 * <p>The limits, per source (market for ISO), as issue 15 states them:
 *
 * <ul>
 *   <li>FRED: one request per series for up to 100,000 observations ({@code limit}).
 *   <li>EIA v2: ceil(rows ÷ 5,000) per route (one dataset is one route), counting the rows the API
 *       holds: EIA-930 hourly data begins 2015-07-01T05Z, monthly retail prices 2001-01.
 *   <li>BLS v2 with a key: ceil(series ÷ 50) × ceil(calendar years ÷ 20), series of every dataset
 *       together (one query may name series of any dataset).
 *   <li>NOAA CDO: per dataset, max(ceil(rows ÷ 1,000), the one-year spans the range needs).
 *   <li>CAISO OASIS: ceil(days ÷ 31) per dataset (5 nodes, under the 10 a query allows).
 *   <li>PJM Data Miner 2: ceil(rows ÷ 50,000) per dataset.
 *   <li>NYISO MIS: per dataset, one request (the {@code _csv.zip} archive) per finished month the
 *       range touches, one per day (the daily CSV) of a month not yet over.
 * </ul>
 *
 * <p>Rows are series × periods of the range: hours between the zone's midnights (23 or 25 on
 * daylight-saving days), days, or months.
 */
final class ApiMinimum {
  private ApiMinimum() {}

  /** What the catalogue says about one dataset. */
  record Dataset(
      String source, String name, String market, String frequency, ZoneId zone, int series) {}

  /** First hour EIA-930 (and the sandbox) holds hourly data for. */
  static final Instant EIA_HOURLY_FIRST = Instant.parse("2015-07-01T05:00:00Z");

  /** First month of EIA's monthly retail prices (and the sandbox's). */
  static final YearMonth EIA_MONTHLY_FIRST = YearMonth.of(2001, 1);

  /** The datasets of {@code config/datasets.json}. */
  static List<Dataset> catalogue(Path datasetsJson) {
    try {
      JsonNode root = new ObjectMapper().readTree(datasetsJson.toFile());
      List<Dataset> out = new ArrayList<>();
      for (JsonNode d : root.get("datasets")) {
        JsonNode market = d.path("upstream").path("market");
        out.add(
            new Dataset(
                d.get("source").asText(),
                d.get("name").asText(),
                market.isMissingNode() ? d.get("source").asText() : market.asText(),
                d.get("frequency").asText(),
                ZoneId.of(d.get("zone").asText()),
                d.get("series").size()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fewest requests for [start, end] (inclusive dates) of {@code datasets}, all of one market
   * ({@code eia}, {@code fred}, {@code cpi}, {@code noaa}, {@code nyiso}, {@code caiso}, {@code
   * pjm}); {@code today} decides which NYISO months are finished.
   */
  static long requests(
      String market, List<Dataset> datasets, LocalDate start, LocalDate end, LocalDate today) {
    long total = 0;
    if (market.equals("cpi")) {
      int series = datasets.stream().mapToInt(Dataset::series).sum();
      long years = end.getYear() - start.getYear() + 1L;
      return ceil(series, 50) * ceil(years, 20);
    }
    for (Dataset d : datasets) {
      total +=
          switch (market) {
            case "fred" -> d.series() * ceil(periods(d, start, end), 100_000);
            case "eia" -> ceil(eiaRows(d, start, end), 5_000);
            case "noaa" ->
                Math.max(ceil(d.series() * days(start, end), 1_000), yearSpans(start, end));
            case "caiso" -> ceil(days(start, end), 31);
            case "pjm" -> ceil(d.series() * hours(d.zone(), start, end), 50_000);
            case "nyiso" -> nyisoFiles(d.zone(), start, end, today);
            default -> throw new IllegalArgumentException("no API limits for " + market);
          };
    }
    return total;
  }

  /** Rows EIA holds for the range: hourly from {@link #EIA_HOURLY_FIRST}, monthly from 2001-01. */
  private static long eiaRows(Dataset d, LocalDate start, LocalDate end) {
    if (d.frequency().equals("monthly")) {
      YearMonth first = YearMonth.from(start);
      if (first.isBefore(EIA_MONTHLY_FIRST)) {
        first = EIA_MONTHLY_FIRST;
      }
      long months = Math.max(0, first.until(YearMonth.from(end), ChronoUnit.MONTHS) + 1);
      return d.series() * months;
    }
    Instant from = start.atStartOfDay(d.zone()).toInstant();
    Instant to = end.plusDays(1).atStartOfDay(d.zone()).toInstant();
    if (from.isBefore(EIA_HOURLY_FIRST)) {
      from = EIA_HOURLY_FIRST;
    }
    return d.series() * Math.max(0, Duration.between(from, to).toHours());
  }

  /** Observations of one series in the range: days or months (business days are fewer). */
  private static long periods(Dataset d, LocalDate start, LocalDate end) {
    if (d.frequency().equals("monthly")) {
      return YearMonth.from(start).until(YearMonth.from(end), ChronoUnit.MONTHS) + 1;
    }
    return days(start, end);
  }

  /** Queries of at most one year (each ends before its start's anniversary) covering the range. */
  private static long yearSpans(LocalDate start, LocalDate end) {
    long n = 0;
    for (LocalDate s = start; !s.isAfter(end); s = s.plusYears(1)) {
      n++;
    }
    return n;
  }

  /** NYISO files: one archive per finished month, one daily CSV per day of a current month. */
  private static long nyisoFiles(ZoneId zone, LocalDate start, LocalDate end, LocalDate today) {
    long files = 0;
    for (YearMonth m = YearMonth.from(start);
        !m.isAfter(YearMonth.from(end));
        m = m.plusMonths(1)) {
      if (m.atEndOfMonth().isBefore(today)) {
        files++;
      } else {
        LocalDate from = m.atDay(1).isBefore(start) ? start : m.atDay(1);
        LocalDate to = m.atEndOfMonth().isAfter(end) ? end : m.atEndOfMonth();
        files += days(from, to);
      }
    }
    return files;
  }

  private static long days(LocalDate start, LocalDate end) {
    return ChronoUnit.DAYS.between(start, end) + 1;
  }

  private static long hours(ZoneId zone, LocalDate start, LocalDate end) {
    return Duration.between(start.atStartOfDay(zone), end.plusDays(1).atStartOfDay(zone)).toHours();
  }

  private static long ceil(long a, long b) {
    return (a + b - 1) / b;
  }
}
