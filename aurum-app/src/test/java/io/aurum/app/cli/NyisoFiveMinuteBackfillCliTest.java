package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Head;
import io.aurum.core.model.SourceId;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.iso.NyisoEmulator;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aurum backfill --source iso --datasets NYISO.RT_LBMP_5MIN … --sandbox} publishes exactly
 * the 5-minute rows the built-in sandbox served; today's partition only up to the latest RTD
 * interval, incomplete, so that the next run fetches it again.
 */
class NyisoFiveMinuteBackfillCliTest {
  static final String DS = "NYISO.RT_LBMP_5MIN";
  static final List<String> ZONES =
      List.of(
          "CAPITL", "CENTRL", "DUNWOD", "GENESE", "HUD VL", "LONGIL", "MHK VL", "MILLWD", "N.Y.C.",
          "NORTH", "WEST");

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

  AurumCli.Result backfill(Clock clock, String start, String end) {
    var r =
        AurumCli.run(
            clock,
            fx.env(),
            "backfill",
            "--source",
            "iso",
            "--datasets",
            DS,
            "--start-date",
            start,
            "--end-date",
            end,
            "--sandbox");
    assertThat(r.exit()).as(r.all()).isZero();
    return r;
  }

  /** "series|period" → value of the published rows, through {@code aurum export}. */
  Map<String, Double> export(Clock clock, String start, String end) {
    var csv =
        AurumCli.run(
            clock,
            fx.env(),
            "export",
            "--source",
            "iso",
            "--datasets",
            DS,
            "--date-range",
            start + ":" + end,
            "--format",
            "csv");
    assertThat(csv.exit()).as(csv.all()).isZero();
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : csv.out().lines().skip(1).toList()) {
      String[] f = line.split(",");
      assertThat(out.put(f[1] + "|" + f[2], Double.parseDouble(f[3])))
          .as("duplicate " + line)
          .isNull();
    }
    return out;
  }

  /** What the sandbox serves as RTD for {@code day}, for intervals ending by {@code until}. */
  static Map<String, Double> served(NyisoEmulator nyiso, LocalDate day, Instant until) {
    Map<String, Double> out = new HashMap<>();
    for (Instant end : NyisoEmulator.intervals(day).keySet()) {
      if (end.isAfter(until)) {
        continue;
      }
      for (String zone : ZONES) {
        out.put(
            zone + "|" + end.minus(Duration.ofMinutes(5)),
            Double.parseDouble(nyiso.realtimePrices(zone, end, day)[0]));
      }
    }
    return out;
  }

  List<Head> heads(String from, String to) {
    try (JdbcStore store = fx.openStore()) {
      return store.versions().heads(SourceId.ISO, DS, LocalDate.parse(from), LocalDate.parse(to));
    }
  }

  @Test
  void dst_days_publish_276_and_300_five_minute_rows_per_zone_as_served() {
    Clock clock = Clock.systemUTC();
    NyisoEmulator nyiso = new NyisoEmulator(new Revisions(), clock);
    for (String day : List.of("2024-03-10", "2024-11-03")) {
      assertThat(backfill(clock, day, day).out()).contains("SUCCEEDED: 1/1");
      Map<String, Double> rows = export(clock, day, day);
      Map<String, Double> expected = served(nyiso, LocalDate.parse(day), Instant.MAX);
      assertThat(expected).hasSize(11 * (day.equals("2024-03-10") ? 276 : 300));
      assertThat(rows).isEqualTo(expected);
    }
    // The repeated fall-back hour: 01:00 EDT (05:00Z) and 01:00 EST (06:00Z) both start rows.
    assertThat(export(clock, "2024-11-03", "2024-11-03"))
        .containsKeys("WEST|2024-11-03T05:00:00Z", "WEST|2024-11-03T06:00:00Z");
    assertThat(heads("2024-03-10", "2024-11-03"))
        .extracting(Head::recordCount, Head::complete)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(11L * 276, true),
            org.assertj.core.groups.Tuple.tuple(11L * 300, true));
  }

  @Test
  void reprocessing_hour_1_of_the_fall_back_day_refetches_its_24_five_minute_intervals() {
    // Over the fixture's sandbox (not --sandbox), so the test can revise upstream values.
    LocalDate day = LocalDate.of(2024, 11, 3);
    var first =
        AurumCli.run(
            fx.env(),
            "backfill",
            "--source",
            "iso",
            "--datasets",
            DS,
            "--start-date",
            "2024-11-03",
            "--end-date",
            "2024-11-03");
    assertThat(first.exit()).as(first.all()).isZero();
    fx.sandbox.revise("nyiso", day, day);
    var partial =
        AurumCli.run(
            fx.env(),
            "reprocess",
            "--type",
            "time_window",
            "--source",
            "iso",
            "--datasets",
            DS,
            "--date",
            "2024-11-03",
            "--hours",
            "1",
            "--reason",
            "RTD correction in the repeated hour");
    assertThat(partial.exit()).as(partial.all()).isZero();
    Clock clock = Clock.systemUTC();
    Revisions revised = new Revisions();
    revised.revise("nyiso", day, day);
    Map<String, Double> before =
        served(new NyisoEmulator(new Revisions(), clock), day, Instant.MAX);
    Map<String, Double> after = served(new NyisoEmulator(revised, clock), day, Instant.MAX);
    Map<String, Double> expected = new HashMap<>(before);
    // 01:00-01:55 EDT (05:xxZ) and 01:00-01:55 EST (06:xxZ): 24 intervals of each zone.
    after.forEach(
        (k, v) -> {
          if (k.contains("|2024-11-03T05:") || k.contains("|2024-11-03T06:")) {
            expected.put(k, v);
          }
        });
    Map<String, Double> rows = export(clock, "2024-11-03", "2024-11-03");
    assertThat(rows).hasSize(11 * 300).isEqualTo(expected);
    assertThat(rows.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))))
        .hasSize(11 * 24);
  }

  AurumCli.Result estimate(String range) {
    var r =
        AurumCli.run(
            fx.env(),
            "estimate",
            "backfill",
            "--source",
            "iso",
            "--datasets",
            DS,
            "--date-range",
            range);
    assertThat(r.exit()).as(r.all()).isZero();
    return r;
  }

  @Test
  void estimates_count_the_five_minute_rows_of_a_25_and_a_24_hour_day() {
    var r = estimate("2024-11-03:2024-11-04");
    assertThat(r.out()).containsPattern("records:\\s+" + 11 * (300 + 288) + "\\b");
    // November 2024 is a finished month: both days come from one request for its archive
    // 20241101realtime_zone_csv.zip, not one daily CSV each.
    assertThat(r.out()).containsPattern("api calls:\\s+1\\b");
    // Two 24-hour days across a month's end are two archives (October's and November's).
    var across = estimate("2024-10-31:2024-11-01");
    assertThat(across.out()).containsPattern("records:\\s+" + 11 * (288 + 288) + "\\b");
    assertThat(across.out()).containsPattern("api calls:\\s+2\\b");
  }

  @Test
  void today_publishes_only_settled_intervals_incomplete_and_the_next_runs_refetch_it() {
    // 2024-06-12 14:07:30 EDT: today's file holds RTD to 14:05, then RTC rows to 16:00.
    Clock noon = Clock.fixed(Instant.parse("2024-06-12T18:07:30Z"), ZoneOffset.UTC);
    NyisoEmulator nyiso = new NyisoEmulator(new Revisions(), noon);
    LocalDate today = LocalDate.of(2024, 6, 12);
    assertThat(backfill(noon, "2024-06-11", "2024-06-12").out()).contains("SUCCEEDED: 2/2");
    Map<String, Double> rows = export(noon, "2024-06-11", "2024-06-12");
    Map<String, Double> expected = served(nyiso, today.minusDays(1), Instant.MAX);
    expected.putAll(served(nyiso, today, Instant.parse("2024-06-12T18:05:00Z")));
    assertThat(expected).hasSize(11 * (288 + 169));
    assertThat(rows).isEqualTo(expected);
    assertThat(heads("2024-06-11", "2024-06-12"))
        .extracting(Head::recordCount, Head::complete)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(11L * 288, true),
            org.assertj.core.groups.Tuple.tuple(11L * 169, false));

    // Today has a head but is not covered: gaps shows it pending, not covered.
    var gaps =
        AurumCli.run(
            noon,
            fx.env(),
            "gaps",
            "--source",
            "iso",
            "--datasets",
            DS,
            "--start-date",
            "2024-06-11",
            "--end-date",
            "2024-06-12");
    assertThat(gaps.exit()).as(gaps.all()).isZero();
    assertThat(gaps.out()).contains(DS).contains("covered 1/2");

    // Two hours later the same backfill plans only today (yesterday is covered) and gets more.
    Clock later = Clock.fixed(Instant.parse("2024-06-12T20:02:00Z"), ZoneOffset.UTC);
    assertThat(backfill(later, "2024-06-11", "2024-06-12").out()).contains("SUCCEEDED: 1/1");
    assertThat(heads("2024-06-12", "2024-06-12"))
        .extracting(Head::recordCount, Head::complete)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(11L * 192, false));

    // After the day (and its grace hour) the whole file is RTD: the partition becomes complete.
    Clock tomorrow = Clock.fixed(Instant.parse("2024-06-13T06:00:00Z"), ZoneOffset.UTC);
    assertThat(backfill(tomorrow, "2024-06-11", "2024-06-12").out()).contains("SUCCEEDED: 1/1");
    assertThat(heads("2024-06-12", "2024-06-12"))
        .extracting(Head::recordCount, Head::complete)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(11L * 288, true));
    assertThat(export(tomorrow, "2024-06-12", "2024-06-12"))
        .isEqualTo(served(new NyisoEmulator(new Revisions(), tomorrow), today, Instant.MAX));
  }
}
