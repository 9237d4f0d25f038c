package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.cpi.BlsEmulator;
import io.aurum.sandbox.fred.FredEmulator;
import io.aurum.sandbox.iso.CaisoEmulator;
import io.aurum.sandbox.iso.NyisoEmulator;
import io.aurum.sandbox.iso.PjmEmulator;
import io.aurum.sandbox.noaa.NoaaEmulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill of every non-EIA source over the sandbox publishes exactly the rows the sandbox served
 * — same count, same values (recomputed from the emulators' value functions), correct UTC periods —
 * and reads back through {@code aurum export}.
 */
class SourcesBackfillCliTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
  private static final Set<String> NYISO_ZONES =
      Set.of(
          "CAPITL", "CENTRL", "DUNWOD", "GENESE", "HUD VL", "LONGIL", "MHK VL", "MILLWD", "N.Y.C.",
          "NORTH", "WEST");

  @TempDir Path tmp;
  CliFixture fx;
  final Revisions none = new Revisions();
  final Clock clock = Clock.systemUTC();

  @BeforeEach
  void setUp() {
    fx = new CliFixture(tmp, false, 1000, 8);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  AurumCli.Result aurum(String... args) {
    return AurumCli.run(fx.env(), args);
  }

  /** Backfills and exports; returns "dataset|series|period" → value. */
  Map<String, Double> backfillAndExport(
      String source, String datasets, String start, String end, String expectedSummary) {
    var r =
        aurum(
            "backfill",
            "--source",
            source,
            "--datasets",
            datasets,
            "--start-date",
            start,
            "--end-date",
            end);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains(expectedSummary);
    var csv =
        aurum(
            "export",
            "--source",
            source,
            "--datasets",
            datasets,
            "--date-range",
            start + ":" + end,
            "--format",
            "csv");
    assertThat(csv.exit()).as(csv.all()).isZero();
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : csv.out().lines().skip(1).toList()) {
      String[] f = line.split(",");
      assertThat(out.put(f[0] + "|" + f[1] + "|" + f[2], Double.parseDouble(f[3])))
          .as("duplicate " + line)
          .isNull();
    }
    return out;
  }

  @Test
  void fred_daily_and_monthly_backfills_publish_what_the_sandbox_served() {
    FredEmulator fred = new FredEmulator(none, Set.of(), clock);
    LocalDate today = LocalDate.now(clock);
    // Friday, a weekend, New Year's Day (a bond-market holiday: DGS10/DGS2 are "."), Tuesday.
    Map<String, Double> daily =
        backfillAndExport("fred", "FRED.RATES_DAILY", "2023-12-29", "2024-01-02", "SUCCEEDED: 5/5");
    Map<String, Double> expected = new HashMap<>();
    for (LocalDate d = LocalDate.of(2023, 12, 29);
        d.isBefore(LocalDate.of(2024, 1, 3));
        d = d.plusDays(1)) {
      for (String s : List.of("DGS10", "DGS2", "DFF")) {
        String v = fred.value(s, d, today, true);
        boolean weekend = d.getDayOfWeek().getValue() >= 6;
        if (!v.equals(".") && !(weekend && s.startsWith("DGS"))) {
          expected.put("FRED.RATES_DAILY|" + s + "|" + d, Double.parseDouble(v));
        }
      }
    }
    // DFF on 5 days, the Treasury yields on the Friday and the Tuesday only.
    assertThat(expected).hasSize(5 + 2 * 2);
    assertThat(daily).isEqualTo(expected);
    // One fetch window for the 5 days: FRED takes up to 100,000 observations of one series a
    // request, so 1 request per series (DGS10, DGS2, DFF) = 3, not 3 series x 5 days.
    assertThat(fx.sandbox.stats("fred").requests()).isEqualTo(3);
    // Every partition is complete: the absent weekend and holiday yields are expected-absent.
    var gaps =
        aurum(
            "gaps",
            "--source",
            "fred",
            "--datasets",
            "FRED.RATES_DAILY",
            "--date-range",
            "2023-12-29:2024-01-02");
    assertThat(gaps.exit()).as(gaps.all()).isZero();
    assertThat(gaps.out())
        .contains("0 missing, 0 incomplete of 5 partition(s)")
        .contains("covered 5/5")
        .contains("watermark 2024-01-02");
    var completeness =
        aurum(
            "validate",
            "completeness",
            "--source",
            "fred",
            "--datasets",
            "FRED.RATES_DAILY",
            "--date-range",
            "2023-12-29:2024-01-02");
    assertThat(completeness.exit()).as(completeness.all()).isZero();

    Map<String, Double> monthly =
        backfillAndExport(
            "fred", "FRED.MACRO_MONTHLY", "2024-01-01", "2024-03-31", "SUCCEEDED: 3/3");
    assertThat(monthly).hasSize(6);
    // The 3 months are one window too: 1 request per series (UNRATE, FEDFUNDS), 3 + 2 in all.
    assertThat(fx.sandbox.stats("fred").requests()).isEqualTo(3 + 2);
    assertThat(monthly)
        .containsEntry(
            "FRED.MACRO_MONTHLY|UNRATE|2024-02-01",
            Double.parseDouble(fred.value("UNRATE", LocalDate.of(2024, 2, 1), today, true)));
    // A monthly period is the month's first day in every format, not 2024-02-01T05:00:00Z.
    var json =
        aurum(
            "export",
            "--source",
            "fred",
            "--datasets",
            "FRED.MACRO_MONTHLY",
            "--date-range",
            "2024-02-01:2024-02-29",
            "--format",
            "json");
    assertThat(json.exit()).as(json.all()).isZero();
    assertThat(json.out())
        .containsPattern("\"period\" ?: ?\"2024-02-01\"")
        .doesNotContain("T05:00");
  }

  @Test
  void cpi_backfill_publishes_monthly_values_and_drops_annual_averages() {
    BlsEmulator bls = new BlsEmulator(none, Set.of(), clock);
    Map<String, Double> rows =
        backfillAndExport("cpi", "CPI.CPI_U", "2023-11-01", "2024-01-31", "SUCCEEDED: 3/3");
    Map<String, Double> expected = new HashMap<>();
    for (YearMonth m :
        List.of(YearMonth.of(2023, 11), YearMonth.of(2023, 12), YearMonth.of(2024, 1))) {
      for (String s : List.of("CUUR0000SA0", "CUSR0000SA0", "CUUR0000SA0L1E", "CUUR0000SAF1")) {
        expected.put("CPI.CPI_U|" + s + "|" + m.atDay(1), Double.parseDouble(bls.value(s, m)));
      }
    }
    assertThat(rows).isEqualTo(expected);
    // One BLS query (with a key) takes 50 series and 20 calendar years: the 4 series over
    // 2023-2024 (2 years) are 1 request, not one per month (3).
    assertThat(fx.sandbox.stats("cpi").requests()).isEqualTo(1);
  }

  @Test
  void noaa_backfill_publishes_station_days_in_metric_units() {
    NoaaEmulator noaa = new NoaaEmulator(none, Set.of(), clock);
    Map<String, Double> rows =
        backfillAndExport("noaa", "NOAA.GHCND_TEMP", "2024-01-01", "2024-01-03", "SUCCEEDED: 3/3");
    Map<String, Double> expected = new HashMap<>();
    for (int day = 1; day <= 3; day++) {
      LocalDate d = LocalDate.of(2024, 1, day);
      for (String st : List.of("USW00094728", "USW00014732", "USW00094789")) {
        for (String t : List.of("TMAX", "TMIN")) {
          expected.put(
              "NOAA.GHCND_TEMP|" + st + "-" + t + "|" + d,
              noaa.value("GHCND:" + st, t, d).doubleValue());
        }
      }
    }
    assertThat(rows).isEqualTo(expected);
    // NOAA CDO serves up to a year and 1,000 rows a request: 3 days x 6 series = 18 rows are
    // 1 request, not one per day (3).
    assertThat(fx.sandbox.stats("noaa").requests()).isEqualTo(1);
  }

  @Test
  void nyiso_backfill_keeps_23_and_25_hour_days_with_the_repeated_hour_as_two_instants() {
    NyisoEmulator nyiso = new NyisoEmulator(none, clock);
    for (String day : List.of("2024-03-10", "2024-11-03")) {
      Map<String, Double> rows =
          backfillAndExport("iso", "NYISO.DA_LBMP,NYISO.RT_LBMP", day, day, "SUCCEEDED: 2/2");
      LocalDate d = LocalDate.parse(day);
      Map<String, Double> expected = new HashMap<>();
      for (Instant hour : NyisoEmulator.hours(d).keySet()) {
        for (String zone : NYISO_ZONES) {
          expected.put(
              "NYISO.DA_LBMP|" + zone + "|" + hour,
              Double.parseDouble(nyiso.prices(true, zone, hour, d)[0]));
          expected.put(
              "NYISO.RT_LBMP|" + zone + "|" + hour,
              Double.parseDouble(nyiso.prices(false, zone, hour, d)[0]));
        }
      }
      int hours = day.equals("2024-03-10") ? 23 : 25;
      assertThat(expected).hasSize(2 * 11 * hours);
      assertThat(rows).isEqualTo(expected);
    }
    // The fall-back day's 01:00 Eastern appears twice: 05:00Z (EDT) and 06:00Z (EST).
    var csv =
        aurum(
            "export",
            "--source",
            "iso",
            "--datasets",
            "NYISO.DA_LBMP",
            "--date-range",
            "2024-11-03:2024-11-03",
            "--format",
            "csv");
    Set<String> capitl =
        csv.out()
            .lines()
            .filter(l -> l.startsWith("NYISO.DA_LBMP,CAPITL,"))
            .map(l -> l.split(",")[2])
            .collect(Collectors.toSet());
    assertThat(capitl).hasSize(25).contains("2024-11-03T05:00:00Z", "2024-11-03T06:00:00Z");
    assertThat(fx.sandbox.stats("nyiso").requests()).isEqualTo(4);
  }

  @Test
  void caiso_backfill_of_the_fall_back_day_keeps_25_utc_hours_of_lmp() {
    CaisoEmulator caiso = new CaisoEmulator(none, clock);
    Map<String, Double> rows =
        backfillAndExport("iso", "CAISO.DA_LMP", "2024-11-03", "2024-11-03", "SUCCEEDED: 1/1");
    Map<String, Double> expected = new HashMap<>();
    LocalDate d = LocalDate.of(2024, 11, 3);
    Instant end = d.plusDays(1).atStartOfDay(LA).toInstant();
    for (Instant h = d.atStartOfDay(LA).toInstant(); h.isBefore(end); h = h.plusSeconds(3600)) {
      for (String node : CaisoEmulator.NODES) {
        expected.put(
            "CAISO.DA_LMP|" + node + "|" + h,
            Double.parseDouble(String.format("%.5f", caiso.components(node, h, d)[0])));
      }
    }
    assertThat(expected).hasSize(5 * 25);
    assertThat(rows).isEqualTo(expected);
    assertThat(fx.sandbox.stats("caiso").requests()).isEqualTo(1);
  }

  @Test
  void pjm_backfill_of_the_fall_back_day_keys_on_utc() {
    PjmEmulator pjm = new PjmEmulator(none, Set.of(), clock);
    Map<String, Double> rows =
        backfillAndExport("iso", "PJM.RT_LMP", "2024-11-03", "2024-11-03", "SUCCEEDED: 1/1");
    Map<String, Double> expected = new HashMap<>();
    LocalDate d = LocalDate.of(2024, 11, 3);
    Instant end = d.plusDays(1).atStartOfDay(NY).toInstant();
    for (Instant h = d.atStartOfDay(NY).toInstant(); h.isBefore(end); h = h.plusSeconds(3600)) {
      for (String node : List.of("51288", "51217", "51300", "51291")) {
        expected.put("PJM.RT_LMP|" + node + "|" + h, pjm.prices("rt", node, h, 1)[0]);
      }
    }
    assertThat(expected).hasSize(4 * 25);
    assertThat(rows).isEqualTo(expected);
    assertThat(fx.sandbox.stats("pjm").requests()).isEqualTo(1);
  }

  @Test
  void iso_needs_pjm_api_key_only_for_pjm_datasets_and_never_prints_a_key() {
    Map<String, String> env = new HashMap<>(fx.env());
    env.remove("PJM_API_KEY");
    var pjm =
        AurumCli.run(
            env,
            "backfill",
            "--source",
            "iso",
            "--datasets",
            "PJM.RT_LMP",
            "--start-date",
            "2024-06-01",
            "--end-date",
            "2024-06-01");
    assertThat(pjm.exit()).isEqualTo(2);
    assertThat(pjm.err()).contains("PJM_API_KEY is not set").hasLineCount(1);
    var nyiso =
        AurumCli.run(
            env,
            "backfill",
            "--source",
            "iso",
            "--datasets",
            "NYISO.DA_LBMP",
            "--start-date",
            "2024-06-01",
            "--end-date",
            "2024-06-01");
    assertThat(nyiso.exit()).as(nyiso.all()).isZero();
    for (String var : List.of("FRED_API_KEY", "BLS_API_KEY", "NOAA_TOKEN")) {
      Map<String, String> without = new HashMap<>(fx.env());
      without.remove(var);
      String source = var.startsWith("FRED") ? "fred" : var.startsWith("BLS") ? "cpi" : "noaa";
      var r =
          AurumCli.run(
              without,
              "backfill",
              "--source",
              source,
              "--start-date",
              "2024-06-01",
              "--end-date",
              "2024-06-01");
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains(var + " is not set");
    }
  }

  @Test
  void sandbox_fault_flags_are_checked_before_serving() {
    var noSource = aurum("sandbox", "--port", "0", "--fault", "error_rate=0.1");
    assertThat(noSource.exit()).isEqualTo(2);
    assertThat(noSource.err()).contains("--fault must be SOURCE:NAME=VALUE");
    var unknown = aurum("sandbox", "--port", "0", "--fault", "nosuch:error_rate=0.1");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown source 'nosuch'");
    var badValue = aurum("sandbox", "--port", "0", "--fault", "caiso:error_rate=2");
    assertThat(badValue.exit()).isEqualTo(2);
    assertThat(badValue.err()).contains("error_rate must be within [0, 1]");
  }

  @Test
  void a_fred_replay_as_of_a_date_publishes_the_vintage_known_then() {
    FredEmulator fred = new FredEmulator(none, Set.of(), clock);
    LocalDate jan = LocalDate.of(2024, 1, 1);
    LocalDate asOf = LocalDate.of(2024, 2, 10);
    backfillAndExport("fred", "FRED.MACRO_MONTHLY", "2024-01-01", "2024-01-31", "SUCCEEDED: 1/1");
    var replay =
        aurum(
            "replay",
            "--source",
            "fred",
            "--datasets",
            "FRED.MACRO_MONTHLY",
            "--date-range",
            "2024-01-01:2024-01-31",
            "--reason",
            "first release",
            "--as-of",
            asOf.toString());
    assertThat(replay.exit()).as(replay.all()).isZero();
    var csv =
        aurum(
            "export",
            "--source",
            "fred",
            "--datasets",
            "FRED.MACRO_MONTHLY",
            "--date-range",
            "2024-01-01:2024-01-31",
            "--format",
            "csv");
    Map<String, Double> values = new HashMap<>();
    csv.out()
        .lines()
        .skip(1)
        .forEach(l -> values.put(l.split(",")[1], Double.parseDouble(l.split(",")[3])));
    double firstRelease = Double.parseDouble(fred.value("UNRATE", jan, asOf, false));
    double current = Double.parseDouble(fred.value("UNRATE", jan, LocalDate.now(clock), true));
    assertThat(firstRelease).isNotEqualTo(current);
    assertThat(values).containsEntry("UNRATE", firstRelease);
    assertThat(csv.out()).contains(",2,REPLAY_");
  }
}
