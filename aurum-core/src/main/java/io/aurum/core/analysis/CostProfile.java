package io.aurum.core.analysis;

import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.port.Store;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cost profiler (runbook §5.3, docs/costs.md): what cost most in a date range (by source, by
 * operation type, the costliest operations), estimate against actual for the finished ones, and
 * what would cut the bill: replays of ranges that had not changed, and requests too small to be
 * worth their price.
 */
public record CostProfile(
    LocalDate from,
    LocalDate to,
    String currency,
    double total,
    List<CostGroup> bySource,
    List<CostGroup> byOperationType,
    List<OperationCost> costliest,
    List<OperationCost> finished,
    List<CostSaving> savings) {

  /** Rows a request should bring at least; fewer flag the operation as making small requests. */
  public static final long SMALL_REQUEST_ROWS = 100;

  static final int COSTLIEST = 10;

  public static CostProfile build(Store store, Costs costs, LocalDate from, LocalDate to) {
    List<OperationCost> ops = costs.within(from, to);
    List<OperationCost> byCost = new ArrayList<>(ops);
    byCost.sort(Comparator.comparingDouble(OperationCost::total).reversed());
    List<CostSaving> savings = new ArrayList<>();
    for (OperationCost c : ops) {
      unchanged(store, c, savings);
      small(c, savings);
    }
    savings.sort(Comparator.comparingDouble(CostSaving::cost).reversed());
    return new CostProfile(
        from,
        to,
        costs.currency(),
        ops.stream().mapToDouble(OperationCost::total).sum(),
        sorted(CostReport.build(costs, from, to, CostGrouping.SOURCE).groups()),
        sorted(CostReport.build(costs, from, to, CostGrouping.OPERATION_TYPE).groups()),
        byCost.subList(0, Math.min(COSTLIEST, byCost.size())),
        ops.stream().filter(c -> c.operation().state().terminal()).toList(),
        savings);
  }

  private static List<CostGroup> sorted(List<CostGroup> groups) {
    List<CostGroup> out = new ArrayList<>(groups);
    out.sort(Comparator.comparingDouble(CostGroup::total).reversed());
    return out;
  }

  /** A replay's versions whose checksum equals the partition's previous version's. */
  private static void unchanged(Store store, OperationCost c, List<CostSaving> out) {
    OperationType t = c.operation().type();
    if (t != OperationType.REPLAY && t != OperationType.PARTIAL) {
      return;
    }
    List<PartitionVersion> written = store.versions().versionsOf(c.operation().id());
    long same = 0;
    for (PartitionVersion v : written) {
      String before =
          store.versions().versions(v.partition()).stream()
              .filter(p -> p.versionNo() == v.versionNo() - 1)
              .map(PartitionVersion::checksum)
              .findFirst()
              .orElse(null);
      if (before != null && before.equals(v.checksum())) {
        same++;
      }
    }
    if (same > 0) {
      out.add(
          new CostSaving(
              "unchanged_replay",
              c.operation().id(),
              c.total() * same / written.size(),
              same
                  + " of "
                  + written.size()
                  + " partitions replayed came back unchanged: compare the source's revisions"
                  + " (or a dry run) before replaying a range"));
    }
  }

  /** Requests that averaged fewer than {@link #SMALL_REQUEST_ROWS} rows each. */
  private static void small(OperationCost c, List<CostSaving> out) {
    Usage u = c.usage();
    if (u.requests() < 2 || u.records() >= u.requests() * SMALL_REQUEST_ROWS) {
      return;
    }
    long needed = Math.max(1, (u.records() + SMALL_REQUEST_ROWS - 1) / SMALL_REQUEST_ROWS);
    double perRequest =
        (c.line(CostMetric.API_CALLS).cost() + c.line(CostMetric.QUOTA).cost()) / u.requests();
    out.add(
        new CostSaving(
            "small_requests",
            c.operation().id(),
            (u.requests() - needed) * perRequest,
            u.requests()
                + " requests brought "
                + u.records()
                + " rows ("
                + u.records() / u.requests()
                + " a request): wider fetch windows (a larger batch size) would need about "
                + needed));
  }
}
