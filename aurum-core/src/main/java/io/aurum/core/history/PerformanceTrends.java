package io.aurum.core.history;

import io.aurum.core.port.MetricsHistory.OperationSample;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-day figures of finished runs and the direction of each over the range ({@code aurum metrics
 * trends}). A run counts on the UTC day it ended, with its last sample. The direction is the slope
 * of a least-squares line through the days that had runs: the change it predicts from the first of
 * them to the last, against their mean, is {@code up} or {@code down} beyond {@link #FLAT_BAND},
 * else {@code flat}; {@code unknown} with fewer than two such days.
 */
public final class PerformanceTrends {
  /** A change within 5 % of the mean is flat. */
  public static final double FLAT_BAND = 0.05;

  /** One day: how many runs ended, and each metric's figure (absent when none ended). */
  public record Day(LocalDate day, int runs, Map<TrendMetric, Double> values) {}

  /** A metric's direction ({@code up, down, flat, unknown}) and what it means for performance. */
  public record Trend(TrendMetric metric, String direction, String assessment, double change) {}

  /** The days of the range in order, and one trend per metric asked for. */
  public record Result(TimeRange range, List<Day> days, List<Trend> trends) {}

  private PerformanceTrends() {}

  /** {@code lastSamples}: the last sample of each run that ended (others are ignored). */
  public static Result of(
      TimeRange range, List<TrendMetric> metrics, List<OperationSample> lastSamples) {
    Map<LocalDate, List<OperationSample>> byDay = new TreeMap<>();
    for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
      byDay.put(d, new ArrayList<>());
    }
    for (OperationSample s : lastSamples) {
      List<OperationSample> day = byDay.get(LocalDate.ofInstant(s.at(), ZoneOffset.UTC));
      if (s.last() && day != null) {
        day.add(s);
      }
    }
    List<Day> days = new ArrayList<>();
    byDay.forEach(
        (d, runs) -> {
          Map<TrendMetric, Double> values = new LinkedHashMap<>();
          if (!runs.isEmpty()) {
            metrics.forEach(m -> values.put(m, m.of(runs)));
          }
          days.add(new Day(d, runs.size(), values));
        });
    List<Trend> trends = new ArrayList<>();
    metrics.forEach(m -> trends.add(trend(m, days)));
    return new Result(range, days, trends);
  }

  static Trend trend(TrendMetric m, List<Day> days) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      Double v = days.get(i).values().get(m);
      if (v != null) {
        points.add(new double[] {i, v});
      }
    }
    if (points.size() < 2) {
      return new Trend(m, "unknown", "unknown", 0);
    }
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (double[] p : points) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    double span = points.get(points.size() - 1)[0] - points.get(0)[0];
    double change = sxy / sxx * span;
    double relative = my == 0 ? (change == 0 ? 0 : Math.signum(change)) : change / Math.abs(my);
    if (Math.abs(relative) <= FLAT_BAND) {
      return new Trend(m, "flat", "stable", change);
    }
    boolean up = relative > 0;
    boolean better = up == m.higherIsBetter();
    return new Trend(m, up ? "up" : "down", better ? "improving" : "worsening", change);
  }
}
