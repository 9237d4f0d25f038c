package io.aurum.core.fetch;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packs the partitions an operation needs into fetch windows, each the largest query the API's
 * {@link RequestShape} allows: partitions are added in period order while the window's span fits
 * one query and its rows (counting the partitions it spans but does not need, which upstream
 * returns too) fit the query's row budget. A window that would need more requests for its span than
 * its needed partitions alone is not widened over a gap. Pure and thread-safe.
 */
public final class WindowPacker {
  private WindowPacker() {}

  /**
   * Windows for {@code partitions} (any order, one dataset) over {@code series} of the dataset's
   * series (empty: all of them).
   */
  public static List<FetchWindow> pack(
      Dataset dataset, List<PartitionKey> partitions, List<String> series, RequestShape shape) {
    List<PartitionKey> sorted = new ArrayList<>(partitions);
    sorted.sort(Comparator.comparing(PartitionKey::period));
    int total = dataset.series().size();
    int wanted = series == null || series.isEmpty() ? total : series.size();
    List<FetchWindow> out = new ArrayList<>();
    List<PartitionKey> current = new ArrayList<>();
    long rows = 0;
    for (PartitionKey p : sorted) {
      if (current.isEmpty()) {
        current.add(p);
        rows = dataset.expectedRows(p);
        continue;
      }
      PartitionKey last = current.get(current.size() - 1);
      if (last.period().equals(p.period())) {
        continue; // named twice
      }
      long spanned = rows + rowsBetween(dataset, last, p);
      boolean fits =
          shape.span().fits(current.get(0).period(), p.period())
              && shape.rowsPerQuery(spanned, wanted, total) <= shape.rowBudget();
      // Over a gap, widen only when it costs no request: one window, not two.
      boolean gap = !next(dataset, last.period()).equals(p.period());
      if (fits && gap) {
        long alone = rows;
        int apart =
            shape.requests(alone, wanted, total)
                + shape.requests(dataset.expectedRows(p), wanted, total);
        fits = shape.requests(spanned, wanted, total) < apart;
      }
      if (fits) {
        current.add(p);
        rows = spanned;
      } else {
        out.add(new FetchWindow(dataset, current, shape.requests(rows, wanted, total)));
        current = new ArrayList<>();
        current.add(p);
        rows = dataset.expectedRows(p);
      }
    }
    if (!current.isEmpty()) {
      out.add(new FetchWindow(dataset, current, shape.requests(rows, wanted, total)));
    }
    return out;
  }

  /** Expected rows of the partitions after {@code from} up to and including {@code to}. */
  private static long rowsBetween(Dataset d, PartitionKey from, PartitionKey to) {
    long rows = 0;
    for (LocalDate p = next(d, from.period()); !p.isAfter(to.period()); p = next(d, p)) {
      rows += d.expectedRows(new PartitionKey(from.source(), from.dataset(), p));
    }
    return rows;
  }

  static LocalDate next(Dataset d, LocalDate period) {
    return d.frequency().monthlyPartitions() ? period.plusMonths(1) : period.plusDays(1);
  }
}
