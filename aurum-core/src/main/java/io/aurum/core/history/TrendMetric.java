package io.aurum.core.history;

import io.aurum.core.error.AurumException;
import io.aurum.core.port.MetricsHistory.OperationSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A figure of a day's finished runs for {@code metrics trends}, and whether a rise is good news.
 * Durations are in seconds; p95 is the nearest rank (the value at rank ceil(0.95 n) of n sorted).
 */
public enum TrendMetric {
  AVG_DURATION(false),
  P95_DURATION(false),
  MAX_DURATION(false),
  ERROR_RATE(false),
  AVG_THROUGHPUT(true),
  MAX_MEMORY_USAGE(false);

  private final boolean higherIsBetter;

  TrendMetric(boolean higherIsBetter) {
    this.higherIsBetter = higherIsBetter;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The figure of {@code runs} (last samples of runs that ended one day), never empty. */
  public double of(List<OperationSample> runs) {
    switch (this) {
      case AVG_DURATION:
        return runs.stream().mapToDouble(r -> r.durationMillis() / 1000.0).average().orElse(0);
      case P95_DURATION:
        return percentile(runs.stream().map(r -> r.durationMillis() / 1000.0).toList(), 0.95);
      case MAX_DURATION:
        return runs.stream().mapToDouble(r -> r.durationMillis() / 1000.0).max().orElse(0);
      case ERROR_RATE:
        long parts = runs.stream().mapToLong(OperationSample::partitions).sum();
        long failed = runs.stream().mapToLong(OperationSample::failed).sum();
        return parts == 0 ? 0 : (double) failed / parts;
      case AVG_THROUGHPUT:
        return runs.stream().mapToDouble(OperationSample::throughput).average().orElse(0);
      default:
        return runs.stream().mapToLong(OperationSample::memoryBytes).max().orElse(0);
    }
  }

  /** Nearest rank: the value at rank ceil(q n) of the n values sorted. */
  static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** A comma-separated list of ids, in the order given; unknown ones are refused. */
  public static List<TrendMetric> parse(String list) {
    Set<TrendMetric> out = new LinkedHashSet<>();
    for (String part : list.split(",")) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      TrendMetric m =
          Arrays.stream(values()).filter(v -> v.id().equals(p)).findFirst().orElse(null);
      if (m == null) {
        throw new AurumException.BadInput(
            v -> v.name("metrics") + ": unknown trend metric '" + part.strip() + "': use " + ids());
      }
      out.add(m);
    }
    return List.copyOf(out);
  }

  static String ids() {
    return Arrays.stream(values()).map(TrendMetric::id).collect(Collectors.joining(", "));
  }
}
