package io.aurum.core.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Costs of the operations created in a date range (runbook §5.3.1), grouped by operation type,
 * source, dataset or operation, with the grand total. Estimates sum over the operations that have
 * one.
 */
public record CostReport(
    LocalDate from,
    LocalDate to,
    CostGrouping groupBy,
    String currency,
    List<CostGroup> groups,
    CostGroup total) {

  public static CostReport build(Costs costs, LocalDate from, LocalDate to, CostGrouping by) {
    List<OperationCost> ops = costs.within(from, to);
    Map<String, CostGroup> groups = new TreeMap<>();
    CostGroup total = CostGroup.empty("total");
    for (OperationCost c : ops) {
      total = total.plus(1, c.lines());
      if (by == CostGrouping.DATASET) {
        c.byDataset()
            .forEach(
                (dataset, lines) ->
                    groups.merge(
                        dataset, CostGroup.empty(dataset).plus(1, lines), CostReport::merge));
      } else {
        String key = key(c, by);
        groups.merge(key, CostGroup.empty(key).plus(1, c.lines()), CostReport::merge);
      }
    }
    return new CostReport(from, to, by, costs.currency(), List.copyOf(groups.values()), total);
  }

  private static CostGroup merge(CostGroup a, CostGroup b) {
    return a.plus(b.operations(), b.lines());
  }

  private static String key(OperationCost c, CostGrouping by) {
    return switch (by) {
      case OPERATION_TYPE -> c.operation().type().name().toLowerCase(java.util.Locale.ROOT);
      case SOURCE -> c.operation().source().name().toLowerCase(java.util.Locale.ROOT);
      default -> c.operation().id();
    };
  }
}
