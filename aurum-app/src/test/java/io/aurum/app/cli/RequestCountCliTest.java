package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15, "done when": the upstream requests Aurum sends, counted by the in-process sandbox, for
 * a backfill of 1 day, 1 month, 1 year and 10 years of every source (and ISO market), for a replay
 * and for partial reprocesses, equal counts worked out by hand from the APIs' limits ({@code
 * docs/sources.md}, "Request limits and fetch windows"); the dry run plans as many, and every
 * source's estimate is within ±5 % of what the run sent.
 *
 * <p>The ranges are the connector tests': 2024-11-03 (the fall-back day, a Sunday), March 2024,
 * 2024 (366 days) and 2016-2025 (3,653 days), all in the past (the sandbox serves nothing ahead of
 * its clock, and every month of them is a finished month for NYISO). Each backfill runs in a data
 * directory of its own, so that nothing of it is covered already.
 */
class RequestCountCliTest {
  static final String[] DAY = {"2024-11-03", "2024-11-03"};
  static final String[] MONTH = {"2024-03-01", "2024-03-31"};
  static final String[] YEAR = {"2024-01-01", "2024-12-31"};
  static final String[] DECADE = {"2016-01-01", "2025-12-31"};

  /** Every dataset of the source (no {@code --datasets}). */
  static final String ALL = null;

  static final String NYISO = "NYISO.DA_LBMP,NYISO.RT_LBMP,NYISO.RT_LBMP_5MIN";

  @TempDir Path tmp;
  CliFixture fx;

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, false, 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The environment of a run whose data directory is {@code home}. */
  Map<String, String> env(String home) {
    Map<String, String> env = new HashMap<>(fx.env());
    env.put("AURUM_HOME", tmp.resolve("home-" + home).toString());
    return env;
  }

  /** {@code --source source}, and {@code --datasets datasets} unless they are all the source's. */
  static List<String> scope(String source, String datasets) {
    return datasets == null
        ? List.of("--source", source)
        : List.of("--source", source, "--datasets", datasets);
  }

  static String home(String upstream, String[] range) {
    return upstream + "-" + range[0] + "-" + range[1];
  }

  /** What a run printed, and the requests the sandbox's upstream got while it ran. */
  record Run(AurumCli.Result result, long sent) {}

  /** Runs {@code args} in {@code home}, which must succeed. */
  Run run(String home, String upstream, List<String> args) {
    long before = fx.sandbox.stats(upstream).requests();
    AurumCli.Result r = AurumCli.run(env(home), args.toArray(String[]::new));
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).as(r.all()).contains(" SUCCEEDED: ");
    return new Run(r, fx.sandbox.stats(upstream).requests() - before);
  }

  /** Backfills {@code range} in {@code home}; the requests {@code upstream} got. */
  long backfill(String home, String upstream, String source, String datasets, String[] range) {
    List<String> args = new ArrayList<>(List.of("backfill"));
    args.addAll(scope(source, datasets));
    args.addAll(List.of("--start-date", range[0], "--end-date", range[1]));
    return run(home, upstream, args).sent();
  }

  /** The API calls {@code aurum backfill --dry-run} plans in {@code home}. */
  long planned(String home, String source, String datasets, String[] range) throws Exception {
    List<String> args = new ArrayList<>(List.of("backfill"));
    args.addAll(scope(source, datasets));
    args.addAll(
        List.of("--start-date", range[0], "--end-date", range[1], "--dry-run", "--format", "json"));
    AurumCli.Result dry = AurumCli.run(env(home), args.toArray(String[]::new));
    assertThat(dry.exit()).as(dry.all()).isZero();
    return new ObjectMapper().readTree(dry.out()).path("api_calls").asLong(-1);
  }

  /**
   * Backfills {@code range} into a fresh data directory: asserts that the dry run plans {@code
   * expected} API calls and that the sandbox's {@code upstream} then got exactly {@code expected}
   * requests.
   */
  void backfillSends(long expected, String upstream, String source, String datasets, String[] range)
      throws Exception {
    String home = home(upstream, range);
    String what = (datasets == null ? source : datasets) + " " + range[0] + ".." + range[1];
    assertThat(planned(home, source, datasets, range))
        .as("API calls the dry run plans for %s", what)
        .isEqualTo(expected);
    assertThat(backfill(home, upstream, source, datasets, range))
        .as("requests sent for %s", what)
        .isEqualTo(expected);
  }

  /**
   * Runs a replay or reprocess ({@code args}) in {@code home}: asserts that it planned ("N upstream
   * request(s)") and sent {@code upstream} exactly {@code expected} requests.
   */
  void sends(long expected, String home, String upstream, List<String> args) {
    Run run = run(home, upstream, args);
    assertThat(run.result().out())
        .as("requests planned by %s", args)
        .contains(", " + expected + " upstream request(s)");
    assertThat(run.sent()).as("requests sent by %s", args).isEqualTo(expected);
  }

  /** A replay of {@code range} in the data directory its backfill filled sends {@code expected}. */
  void replaySends(
      long expected,
      String upstream,
      String source,
      String datasets,
      String[] range,
      String... more) {
    List<String> args = new ArrayList<>(List.of("replay"));
    args.addAll(scope(source, datasets));
    args.addAll(List.of("--date-range", range[0] + ":" + range[1], "--reason", "request count"));
    args.addAll(List.of(more));
    sends(expected, home(upstream, range), upstream, args);
  }

  /** {@code aurum reprocess args} in {@code home} sends {@code expected} requests. */
  void reprocessSends(long expected, String home, String upstream, String... args) {
    List<String> all = new ArrayList<>(List.of("reprocess"));
    all.addAll(List.of(args));
    all.addAll(List.of("--reason", "request count"));
    sends(expected, home, upstream, all);
  }

  @Test
  void eia_sends_one_request_per_page_of_5000_rows() throws Exception {
    // ELEC.DEMAND and ELEC.GEN: 5 series x 24 hours = 120 rows a day (115 / 125 on DST days), so a
    // page of 5,000 rows holds 41 days (4,920; 42 days = 5,040). ELEC.PRICE: 5 series a month, its
    // partition is a month (2024-11 for the single day).
    // 1 day (125 rows) and 1 month (31 days): 1 + 1 + 1 = 3.
    backfillSends(3, "eia", "eia", ALL, DAY);
    backfillSends(3, "eia", "eia", ALL, MONTH);
    // 1 year: 366 = 8 x 41 + 38 days -> 9 pages each for DEMAND and GEN; 60 price rows: 1 -> 19.
    backfillSends(9 + 9 + 1, "eia", "eia", ALL, YEAR);
    // 10 years: 3,653 = 89 x 41 + 4 days -> 90 pages each; 600 price rows: 1 -> 181.
    backfillSends(90 + 90 + 1, "eia", "eia", ALL, DECADE);
    // A replay of the year asks for the same pages again: 19.
    replaySends(19, "eia", "eia", ALL, YEAR);
  }

  @Test
  void fred_sends_one_request_per_series_whatever_the_range() throws Exception {
    // FRED serves up to 100,000 observations of one series a request; the most here is DFF over 10
    // years, 3,653. RATES_DAILY: DGS10, DGS2, DFF (3); MACRO_MONTHLY: UNRATE, FEDFUNDS (2), whose
    // partition for the single day is November 2024. Every range: 3 + 2 = 5.
    backfillSends(5, "fred", "fred", ALL, DAY);
    backfillSends(5, "fred", "fred", ALL, MONTH);
    backfillSends(5, "fred", "fred", ALL, YEAR);
    backfillSends(5, "fred", "fred", ALL, DECADE);
    // A year of FRED replayed is one request per series (5), and so are its vintages as of a date.
    replaySends(5, "fred", "fred", ALL, YEAR);
    replaySends(5, "fred", "fred", ALL, YEAR, "--as-of", "2025-01-15");
  }

  @Test
  void cpi_sends_one_query_per_50_series_and_20_calendar_years() throws Exception {
    // CPI.CPI_U: 4 monthly series. With a key (the fixture sets BLS_API_KEY) a query takes 50
    // series and 20 calendar years: a day (its month), a month, a year and 2016-2025 (10 calendar
    // years) are 1 query each.
    backfillSends(1, "cpi", "cpi", ALL, DAY);
    backfillSends(1, "cpi", "cpi", ALL, MONTH);
    backfillSends(1, "cpi", "cpi", ALL, YEAR);
    backfillSends(1, "cpi", "cpi", ALL, DECADE);
    // 2005-2025 is 21 calendar years: 20 + 1 -> 2 queries.
    backfillSends(2, "cpi", "cpi", ALL, new String[] {"2005-01-01", "2025-12-31"});
    replaySends(1, "cpi", "cpi", ALL, YEAR);
  }

  @Test
  void noaa_sends_one_request_per_page_of_1000_rows_within_a_year() throws Exception {
    // GHCND_TEMP: 6 series a day; GHCND_PRCP: 3. A query spans at most a year, a page 1,000 rows;
    // a window holds the whole pages a 365-day year of the dataset fills: TEMP 2 pages (333 days,
    // 1,998 rows), PRCP 1 page (333 days, 999 rows).
    // 1 day (6 + 3 rows) and 1 month (186 + 93 rows): 1 + 1 = 2.
    backfillSends(2, "noaa", "noaa", ALL, DAY);
    backfillSends(2, "noaa", "noaa", ALL, MONTH);
    // 1 year: 366 = 333 + 33 days -> TEMP 2 + 1 (198 rows) = 3, PRCP 1 + 1 = 2 -> 5.
    backfillSends(3 + 2, "noaa", "noaa", ALL, YEAR);
    // 10 years: 3,653 = 10 x 333 + 323 days -> 11 windows: TEMP 11 x 2 (323 days: 1,938 rows, 2
    // pages) = 22, PRCP 11 x 1 = 11 -> 33.
    backfillSends(22 + 11, "noaa", "noaa", ALL, DECADE);
    replaySends(5, "noaa", "noaa", ALL, YEAR);
  }

  @Test
  void nyiso_sends_one_request_per_finished_month_and_dataset() throws Exception {
    // Each NYISO dataset is one file a request: every needed day of a finished month comes from
    // the month's archive. 1 day and 1 month, all 3 NYISO datasets: 3 archives.
    backfillSends(3, "nyiso", "iso", NYISO, DAY);
    backfillSends(3, "nyiso", "iso", NYISO, MONTH);
    // A year and ten years without the 5-minute file (a year of it alone is 1.16 million rows),
    // which counts the same, one archive a month: 1 year, 2 datasets: 2 x 12 = 24.
    backfillSends(24, "nyiso", "iso", "NYISO.DA_LBMP,NYISO.RT_LBMP", YEAR);
    // 10 years of NYISO.DA_LBMP: 120 months = 120.
    backfillSends(120, "nyiso", "iso", "NYISO.DA_LBMP", DECADE);
    replaySends(24, "nyiso", "iso", "NYISO.DA_LBMP,NYISO.RT_LBMP", YEAR);
  }

  @Test
  void caiso_sends_one_request_per_31_days() throws Exception {
    // CAISO.DA_LMP: 5 nodes (at most 10 a query); a query covers at most 744 hours, 31 Pacific
    // days, or 30 when it holds a fall-back day (31 days = 745 hours).
    // 1 day: 1. 1 month (March, 743 hours): 1.
    backfillSends(1, "caiso", "iso", "CAISO.DA_LMP", DAY);
    backfillSends(1, "caiso", "iso", "CAISO.DA_LMP", MONTH);
    // 1 year: 9 windows of 31 days to Oct 5, Oct 6-Nov 4 (30, holds Nov 3), Nov 5-Dec 5 (31),
    // Dec 6-31 (26) -> 12.
    backfillSends(12, "caiso", "iso", "CAISO.DA_LMP", YEAR);
    // 10 years: 3,653 days = 10 windows of 30 days (one per fall-back day) + 108 of 31 + 5 days
    // -> 119.
    backfillSends(119, "caiso", "iso", "CAISO.DA_LMP", DECADE);
    replaySends(12, "caiso", "iso", "CAISO.DA_LMP", YEAR);
  }

  @Test
  void pjm_sends_one_request_per_page_of_50000_rows() throws Exception {
    // PJM.RT_LMP: 4 pnodes x 24 hours = 96 rows a day; a page of 50,000 rows holds 520 days
    // (49,920; 521 days = 50,016). 1 day (100 rows), 1 month (2,972), 1 year (35,136): 1 each.
    backfillSends(1, "pjm", "iso", "PJM.RT_LMP", DAY);
    backfillSends(1, "pjm", "iso", "PJM.RT_LMP", MONTH);
    backfillSends(1, "pjm", "iso", "PJM.RT_LMP", YEAR);
    // 10 years: 3,653 = 7 x 520 + 13 days -> 8.
    backfillSends(8, "pjm", "iso", "PJM.RT_LMP", DECADE);
    replaySends(1, "pjm", "iso", "PJM.RT_LMP", YEAR);
  }

  @Test
  void partial_reprocesses_of_eia_group_their_partitions_into_pages() {
    String home = "eia-partial";
    backfill(home, "eia", "eia", ALL, YEAR);
    // Hour 1 of the fall-back day (both repeated hours) of the hourly datasets, DEMAND and GEN:
    // one day each, one page each -> 2.
    reprocessSends(
        2,
        home,
        "eia",
        "--type",
        "time_window",
        "--source",
        "eia",
        "--date",
        "2024-11-03",
        "--hours",
        "1");
    // 2024-01-15 09:00 to 2024-03-20 17:00 of DEMAND and GEN: 17 + 29 + 20 = 66 days, 41 + 25 ->
    // 2 pages each -> 4.
    reprocessSends(
        4,
        home,
        "eia",
        "--type",
        "time_range",
        "--source",
        "eia",
        "--start-time",
        "2024-01-15 09:00:00",
        "--end-time",
        "2024-03-20 17:00:00");
    // A day of DEMAND and the month of PRICE that holds it: 1 + 1 -> 2.
    reprocessSends(
        2,
        home,
        "eia",
        "--type",
        "datasets",
        "--source",
        "eia",
        "--datasets",
        "ELEC.PRICE,ELEC.DEMAND",
        "--date",
        "2024-12-31");
  }

  @Test
  void failed_records_of_eia_are_refetched_in_one_page() throws Exception {
    // Upstream refuses two days of January; the backfill isolates them (halving its window) and
    // lists them in the failure log.
    fx.sandbox.faults("eia").failDates(Set.of(LocalDate.of(2025, 1, 7), LocalDate.of(2025, 1, 29)));
    AurumCli.Result failed =
        AurumCli.run(
            env("eia-failed"),
            "backfill",
            "--source",
            "eia",
            "--datasets",
            "ELEC.DEMAND",
            "--start-date",
            "2025-01-01",
            "--end-date",
            "2025-01-31",
            "--max-retries",
            "0");
    assertThat(failed.exit()).as(failed.all()).isEqualTo(1);
    assertThat(failed.out()).contains("29/31 tasks succeeded, 2 failed");
    Path log;
    try (Stream<Path> files = Files.list(tmp.resolve("home-eia-failed").resolve("logs"))) {
      log =
          files
              .filter(p -> p.getFileName().toString().startsWith("failed_records_"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(Files.readString(log)).contains("2025-01-07", "2025-01-29");
    fx.sandbox.faults("eia").clear();
    // The two days, 23 days apart, are one page: a window over them and the 21 published days
    // between them (23 x 120 = 2,760 rows) saves a request -> 1.
    reprocessSends(
        1,
        "eia-failed",
        "eia",
        "--type",
        "failed_records",
        "--source",
        "eia",
        "--failure-log",
        log.toString(),
        "--max-attempts",
        "3");
  }

  @Test
  void partial_reprocesses_of_fred_and_caiso_group_their_partitions() {
    backfill("fred-partial", "fred", "fred", ALL, YEAR);
    // A day of RATES_DAILY and the month of MACRO_MONTHLY that holds it: one request per series,
    // 3 + 2 -> 5.
    reprocessSends(
        5,
        "fred-partial",
        "fred",
        "--type",
        "datasets",
        "--source",
        "fred",
        "--datasets",
        "FRED.RATES_DAILY,FRED.MACRO_MONTHLY",
        "--date",
        "2024-06-28");

    backfill(
        "caiso-partial", "caiso", "iso", "CAISO.DA_LMP", new String[] {"2024-01-01", "2024-03-31"});
    // 2024-01-10 06:00 to 2024-02-20 18:00 Pacific: 22 + 20 = 42 days, 31 + 11 -> 2.
    reprocessSends(
        2,
        "caiso-partial",
        "caiso",
        "--type",
        "time_range",
        "--source",
        "iso",
        "--datasets",
        "CAISO.DA_LMP",
        "--start-time",
        "2024-01-10 06:00:00",
        "--end-time",
        "2024-02-20 18:00:00");
  }

  /**
   * The dry run's API calls against the requests the run sent, and the estimate the operation kept
   * against its own count ({@code report performance}), for every source and market, over ranges
   * none of the counts above uses; the sandbox's count is worked out by hand too.
   */
  @ParameterizedTest(name = "{0}: {3}..{4}, {5} request(s)")
  @CsvSource({
    // 226 days: DEMAND and GEN 5 x 41 + 21 -> 6 pages each; PRICE, 8 months: 1 -> 13.
    "eia, eia, , 2023-02-17, 2023-09-30, 13",
    // One request per series: 3 + 2.
    "fred, fred, , 2019-05-06, 2024-08-09, 5",
    // 1999-2024 is 26 calendar years: 20 + 6 -> 2.
    "cpi, cpi, , 1999-07-01, 2024-02-29, 2",
    // 523 days = 333 + 190: TEMP 2 + 2 pages (190 x 6 = 1,140 rows), PRCP 1 + 1 (570) -> 6.
    "noaa, noaa, , 2022-10-15, 2024-03-20, 6",
    // Two months' archives of each of 3 datasets -> 6.
    "nyiso, iso, 'NYISO.DA_LBMP,NYISO.RT_LBMP,NYISO.RT_LBMP_5MIN', 2024-09-28, 2024-10-03, 6",
    // 114 days: Oct 20-Nov 18 (30, holds Nov 5), Nov 19-Dec 19, Dec 20-Jan 19 (31), 22 -> 4.
    "caiso, iso, CAISO.DA_LMP, 2023-10-20, 2024-02-10, 4",
    // 579 days = 520 + 59 -> 2.
    "pjm, iso, PJM.RT_LMP, 2022-06-01, 2023-12-31, 2"
  })
  void the_estimate_is_within_5_percent_of_the_requests_sent(
      String upstream, String source, String datasets, String start, String end, long sent)
      throws Exception {
    String[] range = {start, end};
    String home = home(upstream, range);
    long planned = planned(home, source, datasets, range);
    long actual = backfill(home, upstream, source, datasets, range);
    assertThat(actual).isEqualTo(sent);
    assertThat((double) planned).isCloseTo(actual, within(0.05 * actual));
    String id = "BACKFILL_" + end.replace("-", "") + "_" + source.toUpperCase(Locale.ROOT);
    AurumCli.Result report =
        AurumCli.run(env(home), "report", "performance", "--job-id", id, "--format", "json");
    assertThat(report.exit()).as(report.all()).isZero();
    JsonNode calls = null;
    for (JsonNode m : new ObjectMapper().readTree(report.out()).path("estimate_vs_actual")) {
      if (m.path("metric").asText().equals("api_calls")) {
        calls = m;
      }
    }
    assertThat(calls).as(report.out()).isNotNull();
    assertThat(calls.path("actual").asLong()).isEqualTo(actual);
    assertThat(calls.path("estimate").asDouble()).isCloseTo(actual, within(0.05 * actual));
  }
}
