package io.aurum.core.analysis;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.VersionRepository;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coverage (runbook §1.6.1 analyze_backfill_coverage): partitions covered and records against the
 * expected, per dataset and optionally per month. Without a range, from each dataset's first head
 * to its last. Reads heads only. Thread-safe.
 */
public final class Coverage {
  private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
  private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

  private final VersionRepository versions;
  private final DatasetCatalog catalog;

  public Coverage(VersionRepository versions, DatasetCatalog catalog) {
    this.versions = versions;
    this.catalog = catalog;
  }

  /** One row: a dataset over the whole range ({@code month} null) or one month of it. */
  public record Line(
      String dataset,
      YearMonth month,
      int partitions,
      int covered,
      long records,
      long expectedRecords) {
    public double share() {
      return partitions == 0 ? 1.0 : (double) covered / partitions;
    }
  }

  public List<Line> analyze(
      SourceId source, List<String> names, LocalDate start, LocalDate end, boolean monthly) {
    if (start != null || end != null) {
      DateRanges.check(start, end);
    }
    List<Line> out = new ArrayList<>();
    for (Dataset d : catalog.select(source, names)) {
      List<Head> heads =
          versions.heads(
              source, d.name(), start == null ? EARLIEST : start, end == null ? LATEST : end);
      if (heads.isEmpty() && start == null) {
        out.add(new Line(d.name(), null, 0, 0, 0, 0));
        continue;
      }
      LocalDate from = start != null ? start : heads.get(0).partition().period();
      LocalDate to = end != null ? end : heads.get(heads.size() - 1).partition().period();
      Map<LocalDate, Head> byPeriod = new HashMap<>();
      heads.forEach(h -> byPeriod.put(h.partition().period(), h));
      Map<YearMonth, long[]> months = new TreeMap<>();
      for (LocalDate p : Planner.periods(d, from, to)) {
        long[] a =
            months.computeIfAbsent(
                monthly ? YearMonth.from(p) : YearMonth.of(1, 1), k -> new long[4]);
        Head h = byPeriod.get(p);
        a[0]++;
        a[1] += h != null && h.complete() ? 1 : 0;
        a[2] += h == null ? 0 : h.recordCount();
        a[3] += d.expectedRows(new PartitionKey(source, d.name(), p));
      }
      months.forEach(
          (m, a) ->
              out.add(new Line(d.name(), monthly ? m : null, (int) a[0], (int) a[1], a[2], a[3])));
    }
    return out;
  }
}
