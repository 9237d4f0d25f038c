package io.aurum.core.transform;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.Vocabulary;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.request.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Versioned processing algorithms, registered by name ({@code outlier_detection_v2}): a replay of
 * type algorithm_update runs one over each refetched partition. Flags go in the observation's
 * attributes. Stateless, thread-safe.
 */
public final class Algorithms {
  /** One algorithm version. */
  public interface Algorithm {
    Set<String> params();

    List<Observation> apply(
        Dataset d, PartitionKey key, List<Observation> rows, Map<String, Double> params);
  }

  private static final Map<String, Algorithm> REGISTRY = new LinkedHashMap<>();

  static {
    REGISTRY.put("outlier_detection_v1", new Outliers(24, 1.0, false, false));
    REGISTRY.put("outlier_detection_v2", new Outliers(24, 1.0, false, true));
    REGISTRY.put("gap_interpolation_v1", new Interpolation());
  }

  private Algorithms() {}

  public static Set<String> names() {
    return REGISTRY.keySet();
  }

  /** The algorithm of that version; unknown versions are bad input listing the known ones. */
  public static Algorithm get(String version) {
    return get(version, Vocabulary.CONCEPTS);
  }

  /** {@link #get(String)}, an unknown version named the way {@code o} wrote it. */
  public static Algorithm get(String version, Origin o) {
    Algorithm a = REGISTRY.get(version == null ? "" : version.trim());
    if (a == null) {
      throw new AurumException.BadInput(
          "unknown "
              + o.name("algorithm_version")
              + " '"
              + version
              + "': use one of "
              + String.join(", ", names()));
    }
    return a;
  }

  /** Parses {@code sensitivity=0.8,window_size=24} against the algorithm's parameters. */
  public static Map<String, Double> params(String version, String text) {
    return params(version, text, Vocabulary.CONCEPTS);
  }

  /** {@link #params(String, String)}, a bad parameter named the way {@code o} wrote it. */
  public static Map<String, Double> params(String version, String text, Origin o) {
    Algorithm a = get(version, o);
    Map<String, Double> out = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String kv : text.split(",")) {
      String[] p = kv.split("=", 2);
      String k = p[0].trim();
      if (p.length != 2 || !a.params().contains(k)) {
        throw new AurumException.BadInput(
            o.name("algorithm_params")
                + " '"
                + kv.trim()
                + "': "
                + version
                + " takes "
                + String.join(", ", a.params())
                + " as name=number");
      }
      String v = p[1].trim();
      if (k.equals("action")) {
        if (!v.equals("flag") && !v.equals("remove")) {
          throw new AurumException.BadInput(
              o.name("algorithm_params") + " action must be flag or remove");
        }
        out.put(k, v.equals("remove") ? 1.0 : 0.0);
        continue;
      }
      try {
        out.put(k, Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw new AurumException.BadInput(
            o.name("algorithm_params") + " " + k + "='" + v + "' is not a number");
      }
    }
    return out;
  }

  /**
   * Outliers by rolling median and MAD per series: a value whose robust z-score {@code 0.6745 |x -
   * median| / MAD} over the surrounding {@code window_size} values exceeds {@code 3.5 /
   * sensitivity} is flagged ({@code "outlier": true}) or, with {@code action=remove}, dropped.
   */
  private record Outliers(int window, double sensitivity, boolean remove, boolean tunable)
      implements Algorithm {
    @Override
    public Set<String> params() {
      return tunable ? Set.of("sensitivity", "window_size", "action") : Set.of();
    }

    @Override
    public List<Observation> apply(
        Dataset d, PartitionKey key, List<Observation> rows, Map<String, Double> p) {
      int w = (int) Math.max(3, p.getOrDefault("window_size", (double) window));
      double s = p.getOrDefault("sensitivity", sensitivity);
      boolean drop = p.getOrDefault("action", remove ? 1.0 : 0.0) == 1.0;
      double threshold = 3.5 / Math.max(1e-6, s);
      List<Observation> out = new ArrayList<>(rows.size());
      // Two scratch windows for the whole call: the sorted values and their sorted deviations.
      int most = Math.min(w, rows.size());
      double[] sorted = new double[most];
      double[] dev = new double[most];
      for (List<Observation> series : bySeries(rows).values()) {
        int n = series.size();
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
          values[j] = series.get(j).value();
        }
        for (int i = 0; i < n; i++) {
          int lo = Math.max(0, i - w / 2);
          int hi = Math.min(n, lo + w);
          lo = Math.max(0, hi - w);
          int m = hi - lo;
          System.arraycopy(values, lo, sorted, 0, m);
          double med = sortedMedian(sorted, m);
          for (int j = 0; j < m; j++) {
            dev[j] = Math.abs(values[lo + j] - med);
          }
          double mad = sortedMedian(dev, m);
          Observation o = series.get(i);
          double z = mad == 0 ? 0 : 0.6745 * Math.abs(o.value() - med) / mad;
          if (z > threshold) {
            if (!drop) {
              out.add(Attributes.with(o, Map.of("outlier", true, "robust_z", round(z))));
            }
          } else {
            out.add(o);
          }
        }
      }
      return out;
    }
  }

  /**
   * Fills missing periods inside a series' run of intraday data (hourly, 5-minute) by linear
   * interpolation, flagged as derived; gaps longer than {@code max_gap_hours} stay gaps.
   */
  private static final class Interpolation implements Algorithm {
    @Override
    public Set<String> params() {
      return Set.of("max_gap_hours");
    }

    @Override
    public List<Observation> apply(
        Dataset d, PartitionKey key, List<Observation> rows, Map<String, Double> p) {
      if (!d.frequency().intraday()) {
        return rows;
      }
      long step = d.frequency().step().getSeconds();
      long maxGap = (long) (p.getOrDefault("max_gap_hours", 6.0) * 3600 / step);
      List<Observation> out = new ArrayList<>(rows);
      for (List<Observation> series : bySeries(rows).values()) {
        for (int i = 1; i < series.size(); i++) {
          Observation a = series.get(i - 1);
          Observation b = series.get(i);
          long steps = (b.period().getEpochSecond() - a.period().getEpochSecond()) / step;
          if (steps <= 1 || steps - 1 > maxGap) {
            continue;
          }
          for (long k = 1; k < steps; k++) {
            double v = a.value() + (b.value() - a.value()) * k / steps;
            Instant t = a.period().plusSeconds(step * k);
            out.add(
                Attributes.with(
                    new Observation(a.seriesId(), t, v, a.unit(), null),
                    Map.of("derived", true, "method", "gap_interpolation_v1")));
          }
        }
      }
      return out;
    }
  }

  private static Map<String, List<Observation>> bySeries(List<Observation> rows) {
    Map<String, List<Observation>> m = new TreeMap<>();
    for (Observation o : rows) {
      m.computeIfAbsent(o.seriesId(), k -> new ArrayList<>()).add(o);
    }
    m.values().forEach(l -> l.sort((x, y) -> x.period().compareTo(y.period())));
    return m;
  }

  /** The median of the first {@code n} values, which it sorts in place (0 for none). */
  private static double sortedMedian(double[] v, int n) {
    Arrays.sort(v, 0, n);
    return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static double round(double z) {
    return Math.round(z * 1000) / 1000.0;
  }
}
