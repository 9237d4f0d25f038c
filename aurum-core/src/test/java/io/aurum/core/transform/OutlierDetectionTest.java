package io.aurum.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code outlier_detection_v1/v2} against the rolling median and MAD computed the plain way (a
 * sorted copy of each window and of its deviations), on rows with repeated values, spikes, flat
 * runs, several series and window sizes odd and even, larger than a series too.
 */
class OutlierDetectionTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void flagsExactlyWhatThePlainRollingMedianAndMadFlag() {
    Random random = new Random(42);
    List<Observation> rows = new ArrayList<>();
    for (String series : List.of("B", "A", "C")) {
      for (int h = 0; h < 300; h++) {
        double v = Math.round(random.nextGaussian() * 20) + 1000;
        if (random.nextInt(25) == 0) {
          v *= 3; // a spike
        }
        if (series.equals("C") && h < 40) {
          v = 5; // a flat run: MAD 0
        }
        rows.add(new Observation(series, T0.plusSeconds(3600L * h), v, "MWh"));
      }
    }
    rows.add(new Observation("D", T0, 1, "MWh")); // a series shorter than any window
    for (String version : List.of("outlier_detection_v1", "outlier_detection_v2")) {
      for (double window : new double[] {3, 4, 24, 25, 1000}) {
        for (double sensitivity : new double[] {0.8, 2.5}) {
          for (double action : new double[] {0, 1}) {
            Map<String, Double> params =
                version.endsWith("v1")
                    ? Map.of()
                    : Map.of("window_size", window, "sensitivity", sensitivity, "action", action);
            List<Observation> actual = Algorithms.get(version).apply(null, null, rows, params);
            List<Observation> expected =
                plain(
                    rows,
                    version.endsWith("v1") ? 24 : (int) window,
                    version.endsWith("v1") ? 1.0 : sensitivity,
                    version.endsWith("v2") && action == 1);
            assertThat(actual).as("%s %s", version, params).isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void flagsASpikeAndLeavesTheRestAlone() {
    List<Observation> rows = new ArrayList<>();
    for (int h = 0; h < 48; h++) {
      rows.add(
          new Observation("S", T0.plusSeconds(3600L * h), h == 30 ? 5000 : 100 + h % 3, "MWh"));
    }
    List<Observation> out =
        Algorithms.get("outlier_detection_v2").apply(null, null, rows, Map.of());

    assertThat(out).hasSize(48);
    assertThat(out.stream().filter(o -> o.attributes() != null).toList())
        .singleElement()
        .satisfies(o -> assertThat(o.value()).isEqualTo(5000))
        .satisfies(o -> assertThat(o.attributes()).contains("\"outlier\":true"));
  }

  /** The rolling median and MAD as the algorithm defines them, written the obvious way. */
  private static List<Observation> plain(
      List<Observation> rows, int window, double sensitivity, boolean drop) {
    int w = Math.max(3, window);
    double threshold = 3.5 / Math.max(1e-6, sensitivity);
    TreeMap<String, List<Observation>> bySeries = new TreeMap<>();
    for (Observation o : rows) {
      bySeries.computeIfAbsent(o.seriesId(), k -> new ArrayList<>()).add(o);
    }
    List<Observation> out = new ArrayList<>();
    for (List<Observation> series : bySeries.values()) {
      series.sort((x, y) -> x.period().compareTo(y.period()));
      for (int i = 0; i < series.size(); i++) {
        int lo = Math.max(0, i - w / 2);
        int hi = Math.min(series.size(), lo + w);
        lo = Math.max(0, hi - w);
        double[] vals = new double[hi - lo];
        for (int j = lo; j < hi; j++) {
          vals[j - lo] = series.get(j).value();
        }
        double med = median(vals);
        double mad = median(Arrays.stream(vals).map(x -> Math.abs(x - med)).toArray());
        Observation o = series.get(i);
        double z = mad == 0 ? 0 : 0.6745 * Math.abs(o.value() - med) / mad;
        if (z <= threshold) {
          out.add(o);
        } else if (!drop) {
          out.add(
              Attributes.with(
                  o, Map.of("outlier", true, "robust_z", Math.round(z * 1000) / 1000.0)));
        }
      }
    }
    return out;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
