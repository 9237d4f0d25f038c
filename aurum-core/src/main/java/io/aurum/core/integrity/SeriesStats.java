package io.aurum.core.integrity;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Outliers and spikes per series over a partition (the rolling window is the partition's day). The
 * scale is the median absolute deviation (times 1.4826, its normal-consistent factor), never under
 * 1% of the median's size; a series with no deviation at all is not judged. An outlier lies more
 * than {@link #K} scales from the median; a spike differs from both neighbours by more than {@code
 * K} scales in the same direction while the neighbours agree within half that. Not thread-safe.
 */
final class SeriesStats {
  static final double K = 10;

  private double[] values = new double[512];
  private double[] sorted = new double[512];

  /** Rows in canonical order (series, then period). */
  void scan(List<Observation> rows, BiConsumer<Kind, String> sink) {
    long outliers = 0;
    long spikes = 0;
    String firstOutlier = null;
    String firstSpike = null;
    int i = 0;
    while (i < rows.size()) {
      String s = rows.get(i).seriesId();
      int from = i;
      int n = 0;
      while (i < rows.size() && rows.get(i).seriesId().equals(s)) {
        double v = rows.get(i++).value();
        if (Double.isFinite(v)) {
          grow(n + 1);
          values[n++] = v;
        }
      }
      if (n < 3) {
        continue;
      }
      System.arraycopy(values, 0, sorted, 0, n);
      Arrays.sort(sorted, 0, n);
      double median = median(sorted, n);
      for (int j = 0; j < n; j++) {
        sorted[j] = Math.abs(values[j] - median);
      }
      Arrays.sort(sorted, 0, n);
      double mad = median(sorted, n);
      if (mad == 0) {
        continue;
      }
      double scale = Math.max(1.4826 * mad, 0.01 * Math.abs(median));
      // A value far from the median is an outlier only when rare: more than a tenth of the series
      // beyond is a level shift (a wrap, a regime change), not bad values.
      long far = 0;
      String firstFar = null;
      for (int j = 0; j < n; j++) {
        if (Math.abs(values[j] - median) > K * scale) {
          far++;
          firstFar =
              firstFar == null ? describe(rows, from, s, values[j], median, scale) : firstFar;
        }
      }
      if (far > 0 && far <= Math.max(1, n / 10)) {
        outliers += far;
        firstOutlier = firstOutlier == null ? firstFar : firstOutlier;
      }
      for (int j = 0; j < n; j++) {
        if (j > 0 && j < n - 1) {
          double up = values[j] - values[j - 1];
          double down = values[j] - values[j + 1];
          if (Math.abs(up) > K * scale
              && Math.abs(down) > K * scale
              && Math.signum(up) == Math.signum(down)
              && Math.abs(values[j - 1] - values[j + 1]) <= K * scale / 2) {
            spikes++;
            firstSpike =
                firstSpike == null ? describe(rows, from, s, values[j], median, scale) : firstSpike;
          }
        }
      }
    }
    if (outliers > 0) {
      sink.accept(
          Kind.OUTLIER,
          outliers
              + " value(s) beyond "
              + (int) K
              + " MAD-scales of their series' median, first "
              + firstOutlier);
    }
    if (spikes > 0) {
      sink.accept(
          Kind.SPIKE, spikes + " value(s) jump away from both neighbours, first " + firstSpike);
    }
  }

  private static String describe(
      List<Observation> rows, int from, String s, double v, double median, double scale) {
    return s
        + " value "
        + v
        + " (median "
        + median
        + ", scale "
        + Math.round(scale * 1000) / 1000.0
        + ")";
  }

  private static double median(double[] a, int n) {
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  private void grow(int n) {
    if (n > values.length) {
      values = Arrays.copyOf(values, n * 2);
      sorted = new double[n * 2];
    }
  }

  /** The series short of the periods they should hold, e.g. {@code "; short: A 20/24"}. */
  static String shortSeries(Dataset d, Head h, List<Observation> rows) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String s : d.series()) {
      if (d.calendarOf(s).isOpen(h.partition().period())) {
        counts.put(s, 0);
      }
    }
    for (Observation o : rows) {
      counts.computeIfPresent(o.seriesId(), (k, c) -> c + 1);
    }
    int periods = h.partition().periodsIn(d);
    StringBuilder b = new StringBuilder();
    counts.forEach(
        (s, c) -> {
          if (c < periods) {
            b.append(b.length() == 0 ? "; short: " : ", ")
                .append(s)
                .append(' ')
                .append(c)
                .append('/')
                .append(periods);
          }
        });
    return b.toString();
  }
}
