package io.aurum.core.analysis;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.CurrentRow;
import io.aurum.core.port.VersionRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code aurum compare patterns} (runbook §1.6.2): distribution statistics of each series on a
 * reference date and a comparison date, from current observations, and whether the change is
 * significant: the means differ by more than {@link #MIN_RELATIVE_CHANGE} and, where both days have
 * enough values, by more than {@link #Z} standard errors. Reads only.
 */
public final class PatternComparison {
  public static final double MIN_RELATIVE_CHANGE = 0.25;
  public static final double Z = 3.0;

  private final VersionRepository versions;
  private final DatasetCatalog catalog;

  public PatternComparison(VersionRepository versions, DatasetCatalog catalog) {
    this.versions = versions;
    this.catalog = catalog;
  }

  /** Distribution of one series on one day. */
  public record Stats(int n, double mean, double stddev, double min, double max) {}

  public record SeriesChange(
      String dataset,
      String series,
      Stats reference,
      Stats comparison,
      double relativeChange,
      boolean significant) {}

  public record Result(LocalDate reference, LocalDate comparison, List<SeriesChange> series) {
    public long significant() {
      return series.stream().filter(SeriesChange::significant).count();
    }
  }

  public Result compare(SourceId source, List<String> names, LocalDate ref, LocalDate cmp) {
    List<SeriesChange> out = new ArrayList<>();
    for (Dataset d : catalog.select(source, names)) {
      Map<String, double[]> a = stats(d, ref);
      Map<String, double[]> b = stats(d, cmp);
      for (String s : d.series()) {
        Stats x = finish(a.get(s));
        Stats y = finish(b.get(s));
        double rel =
            x.n() == 0 || y.n() == 0
                ? Double.NaN
                : Math.abs(y.mean() - x.mean()) / Math.max(Math.abs(x.mean()), 1e-9);
        boolean sig;
        if (x.n() == 0 || y.n() == 0) {
          sig = x.n() != y.n();
        } else if (x.n() >= 3 && y.n() >= 3) {
          double se = Math.sqrt(x.stddev() * x.stddev() / x.n() + y.stddev() * y.stddev() / y.n());
          sig = rel > MIN_RELATIVE_CHANGE && Math.abs(y.mean() - x.mean()) > Z * Math.max(se, 1e-9);
        } else {
          sig = rel > MIN_RELATIVE_CHANGE;
        }
        out.add(new SeriesChange(d.name(), s, x, y, rel, sig));
      }
    }
    return new Result(ref, cmp, out);
  }

  /** Per series: n, sum, sum of squares, min, max. */
  private Map<String, double[]> stats(Dataset d, LocalDate day) {
    LocalDate period = Planner.periods(d, day, day).get(0);
    PartitionKey k = new PartitionKey(d.source(), d.name(), period);
    Map<String, double[]> m = new TreeMap<>();
    versions.current(
        d.source(),
        List.of(d.name()),
        k.start(d),
        k.end(d),
        (CurrentRow r) -> {
          double[] a =
              m.computeIfAbsent(
                  r.seriesId(),
                  s -> new double[] {0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
          a[0]++;
          a[1] += r.value();
          a[2] += r.value() * r.value();
          a[3] = Math.min(a[3], r.value());
          a[4] = Math.max(a[4], r.value());
        });
    return m;
  }

  private static Stats finish(double[] a) {
    if (a == null || a[0] == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = a[1] / a[0];
    double var = a[0] > 1 ? Math.max(0, (a[2] - a[0] * mean * mean) / (a[0] - 1)) : 0;
    return new Stats((int) a[0], mean, Math.sqrt(var), a[3], a[4]);
  }
}
