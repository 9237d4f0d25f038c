package io.aurum.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.MetricsHistory.OperationSample;
import io.aurum.core.testing.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code metrics trends} on seeded runs whose figures were worked out by hand: per-day average and
 * nearest-rank p95 of durations, the error rate of a day's partitions, and each trend's direction.
 */
class PerformanceTrendsTest {
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2024-06-03T10:00:00Z"));

  /**
   * A run that ended at {@code end} after {@code seconds}, with {@code failed} of 10 partitions.
   */
  static OperationSample run(String end, long seconds, long failed, boolean last) {
    Instant at = Instant.parse(end);
    return new OperationSample(
        "BACKFILL_X",
        SourceId.EIA,
        OperationType.BACKFILL,
        at.minusSeconds(seconds),
        at,
        last,
        1000,
        10,
        failed,
        10,
        0,
        0,
        0);
  }

  static final List<TrendMetric> ASKED = TrendMetric.parse("avg_duration,p95_duration,error_rate");

  @Test
  void per_day_figures_and_directions_match_the_hand_worked_ones() {
    TimeRange range = TimeRange.parse("3d", CLOCK);
    assertThat(range).isEqualTo(new TimeRange(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 3)));
    List<OperationSample> samples =
        List.of(
            run("2024-06-01T01:00:00Z", 10, 1, true),
            run("2024-06-01T02:00:00Z", 20, 0, true),
            run("2024-06-01T03:00:00Z", 30, 0, true),
            run("2024-06-01T23:59:59Z", 40, 1, true),
            // Not a run's end: ignored.
            run("2024-06-01T05:00:00Z", 999, 9, false),
            run("2024-06-03T01:00:00Z", 50, 0, true),
            run("2024-06-03T02:00:00Z", 70, 0, true),
            // After the range: ignored.
            run("2024-06-04T00:00:00Z", 999, 9, true));

    PerformanceTrends.Result r = PerformanceTrends.of(range, ASKED, samples);

    assertThat(r.days()).extracting(PerformanceTrends.Day::runs).containsExactly(4, 0, 2);
    var day1 = r.days().get(0).values();
    assertThat(day1.get(TrendMetric.AVG_DURATION)).isEqualTo(25.0); // (10+20+30+40)/4
    assertThat(day1.get(TrendMetric.P95_DURATION)).isEqualTo(40.0); // rank ceil(3.8) = 4
    assertThat(day1.get(TrendMetric.ERROR_RATE)).isEqualTo(0.05); // 2 of 40 partitions
    assertThat(r.days().get(1).values()).isEmpty();
    var day3 = r.days().get(2).values();
    assertThat(day3.get(TrendMetric.AVG_DURATION)).isEqualTo(60.0);
    assertThat(day3.get(TrendMetric.P95_DURATION)).isEqualTo(70.0); // rank ceil(1.9) = 2
    assertThat(day3.get(TrendMetric.ERROR_RATE)).isEqualTo(0.0);

    // Durations rise: 25 -> 60 over two days (a change of 35 on a mean of 42.5), worse.
    var avg = r.trends().get(0);
    assertThat(avg.direction()).isEqualTo("up");
    assertThat(avg.assessment()).isEqualTo("worsening");
    assertThat(avg.change()).isCloseTo(35.0, within(1e-9));
    assertThat(r.trends().get(1).direction()).isEqualTo("up");
    var errors = r.trends().get(2);
    assertThat(errors.direction()).isEqualTo("down");
    assertThat(errors.assessment()).isEqualTo("improving");
  }

  @Test
  void a_change_within_five_percent_is_flat_and_one_day_is_unknown() {
    TimeRange range = TimeRange.parse("2024-06-01:2024-06-03", CLOCK);
    var flat =
        PerformanceTrends.of(
            range,
            ASKED,
            List.of(
                run("2024-06-01T01:00:00Z", 100, 0, true),
                run("2024-06-02T01:00:00Z", 103, 0, true)));
    assertThat(flat.trends().get(0).direction()).isEqualTo("flat"); // 3 on 101.5: 3 %
    assertThat(flat.trends().get(0).assessment()).isEqualTo("stable");
    assertThat(flat.trends().get(2).direction()).isEqualTo("flat"); // 0 then 0

    var one =
        PerformanceTrends.of(range, ASKED, List.of(run("2024-06-01T01:00:00Z", 100, 0, true)));
    assertThat(one.trends()).allMatch(t -> t.direction().equals("unknown"));
  }

  @Test
  void p95_is_the_nearest_rank() {
    List<Double> values = new ArrayList<>();
    IntStream.rangeClosed(1, 20).forEach(i -> values.add((double) (21 - i)));
    assertThat(TrendMetric.percentile(values, 0.95)).isEqualTo(19.0);
    assertThat(TrendMetric.percentile(List.of(7.0), 0.95)).isEqualTo(7.0);
  }

  @Test
  void bad_ranges_and_metrics_are_refused_in_the_concepts_words() {
    assertThatThrownBy(() -> TimeRange.parse("7 days", CLOCK))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("time range '7 days' is not a range");
    assertThatThrownBy(() -> TimeRange.parse("0d", CLOCK)).hasMessageContaining("1d to 366d");
    assertThatThrownBy(() -> TimeRange.parse("2024-12-31:2024-12-01", CLOCK))
        .hasMessageContaining("ends (2024-12-01) before it starts");
    assertThatThrownBy(() -> TrendMetric.parse("avg_duration,p99_duration"))
        .hasMessageContaining("unknown trend metric 'p99_duration'");
    assertThatThrownBy(() -> CollectMetric.parse("duration,cpu"))
        .hasMessageContaining("unknown operation metric 'cpu'");
  }
}
