package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.plan.Planner;
import io.aurum.core.quality.QualityEngine;
import io.aurum.core.quality.QualityProfile;
import io.aurum.core.quality.QualityReport;
import io.aurum.core.replay.Window;
import io.aurum.core.transform.Algorithms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 5-minute frequency: day partitions of 276 / 288 / 300 periods and every check on them. */
class FiveMinuteFrequencyTest {
  static final ZoneId NY = ZoneId.of("America/New_York");
  static final Dataset D =
      new Dataset(
          SourceId.ISO,
          "NYISO.RT_LBMP_5MIN",
          Frequency.FIVE_MINUTE,
          NY,
          "v1.0",
          List.of("WEST", "N.Y.C."),
          "$/MWh",
          -1000,
          5000,
          Map.of());

  static PartitionKey day(String date) {
    return new PartitionKey(SourceId.ISO, D.name(), LocalDate.parse(date));
  }

  static List<Observation> rows(PartitionKey k, Duration step) {
    List<Observation> out = new ArrayList<>();
    for (Instant t = k.start(D); t.isBefore(k.end(D)); t = t.plus(step)) {
      for (String s : D.series()) {
        out.add(new Observation(s, t, 30.0, "$/MWh"));
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"2024-06-12, 288", "2024-03-10, 276", "2024-11-03, 300"})
  void an_eastern_day_holds_276_288_or_300_five_minute_periods_per_series(String date, int n) {
    PartitionKey k = day(date);
    assertThat(k.periodsIn(D)).isEqualTo(n);
    assertThat(D.expectedRows(k)).isEqualTo(2 * n);
    assertThat(k.start(D)).isEqualTo(LocalDate.parse(date).atStartOfDay(NY).toInstant());
    assertThat(Planner.periods(D, LocalDate.parse(date), LocalDate.parse(date).plusDays(2)))
        .hasSize(3);
    assertThat(QualityEngine.expectedPeriods(D, k.start(D), k.end(D))).hasSize(n);
  }

  @Test
  void a_full_day_is_complete_and_hourly_rows_alone_are_one_twelfth_complete() {
    PartitionKey k = day("2024-11-03");
    QualityEngine q = new QualityEngine(QualityProfile.STANDARD);
    QualityReport full = q.evaluate(D, k.start(D), k.end(D), rows(k, Duration.ofMinutes(5)), null);
    assertThat(full.complete()).isTrue();
    assertThat(full.expected()).isEqualTo(600);
    assertThat(full.defects().misaligned()).isZero();

    QualityReport hourly = q.evaluate(D, k.start(D), k.end(D), rows(k, Duration.ofHours(1)), null);
    assertThat(hourly.complete()).isFalse();
    assertThat(hourly.completeness())
        .isCloseTo(1.0 / 12, org.assertj.core.data.Offset.offset(1e-9));

    List<Observation> odd = new ArrayList<>(rows(k, Duration.ofMinutes(5)));
    odd.add(new Observation("WEST", k.start(D).plusSeconds(120), 30.0, "$/MWh"));
    assertThat(q.evaluate(D, k.start(D), k.end(D), odd, null).defects().misaligned()).isEqualTo(1);
  }

  @Test
  void the_catalog_reads_five_minute_and_gives_it_the_intraday_publication_lag(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve(DatasetCatalog.FILE),
        """
        {"datasets": [{"source": "iso", "name": "X.FIVE", "frequency": "five_minute",
          "zone": "America/New_York", "schema_version": "v1", "series": ["A"], "unit": "u",
          "min_value": 0, "max_value": 1, "upstream": {}}]}
        """);
    Dataset d = DatasetCatalog.load(dir).get(SourceId.ISO, "X.FIVE");
    assertThat(d.frequency()).isEqualTo(Frequency.FIVE_MINUTE);
    assertThat(d.frequency().intraday()).isTrue();
    assertThat(d.frequency().step()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.publicationLag()).isEqualTo(Duration.ofHours(48));
    assertThat(Frequency.DAILY.intraday()).isFalse();
  }

  @Test
  void a_window_of_hours_covers_every_five_minute_period_inside_them_and_no_other() {
    Instant ten = Instant.parse("2024-06-12T14:00:00Z");
    Window w = new Window(List.of(ten), List.of());
    assertThat(w.contains(new Observation("WEST", ten, 1, "u"))).isTrue();
    assertThat(w.contains(new Observation("WEST", ten.plusSeconds(55 * 60), 1, "u"))).isTrue();
    assertThat(w.contains(new Observation("WEST", ten.plusSeconds(3600), 1, "u"))).isFalse();
    assertThat(w.contains(new Observation("WEST", ten.minusSeconds(300), 1, "u"))).isFalse();
    List<Observation> head = rows(day("2024-06-12"), Duration.ofMinutes(5));
    List<Observation> fetched =
        List.of(new Observation("WEST", ten.plusSeconds(600), 99.0, "$/MWh"));
    List<Observation> merged = w.merge(fetched, head);
    // 12 head rows of WEST and 12 of N.Y.C. in the window are replaced by the one fetched row.
    assertThat(merged).hasSize(head.size() - 24 + 1);
  }

  @Test
  void gap_interpolation_fills_missing_five_minute_periods_up_to_the_gap_limit() {
    PartitionKey k = day("2024-06-12");
    Instant t0 = k.start(D);
    List<Observation> in =
        List.of(
            new Observation("WEST", t0, 10.0, "$/MWh"),
            new Observation("WEST", t0.plusSeconds(900), 40.0, "$/MWh"));
    List<Observation> out =
        Algorithms.get("gap_interpolation_v1").apply(D, k, in, Map.of("max_gap_hours", 1.0));
    assertThat(out)
        .filteredOn(o -> o.period().equals(t0.plusSeconds(300)))
        .extracting(Observation::value)
        .containsExactly(20.0);
    assertThat(out).hasSize(4);
  }
}
