package io.aurum.core.estimate;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.plan.Planner;
import java.time.Duration;
import java.util.Map;

/**
 * Resource estimates of a backfill or replay (runbook §1.3.3, §2.3.2): API calls, records, bytes,
 * duration at the effective rate, peak memory, storage growth and cost. A backfill skips covered
 * partitions; a replay rewrites every partition in the range. Estimates are stored in the spec's
 * parameters at creation so that reports can compare them with what happened. Thread-safe.
 */
public final class Estimator {
  /** Memory of a process before any task: JVM, pools, caches. */
  public static final long BASELINE_MEMORY = 64L << 20;

  /** Heap one observation takes while a task holds it. */
  public static final long BYTES_PER_ROW_IN_MEMORY = 160;

  private final AurumConfig config;

  public Estimator(AurumConfig config) {
    this.config = config;
  }

  /** The estimate. {@code quotaDays} is API calls ÷ the strictest daily allowance (0: none). */
  public record Estimate(
      OperationType type,
      int partitions,
      long apiCalls,
      long records,
      long wireBytes,
      Duration duration,
      double effectiveRate,
      String bound,
      long peakMemoryBytes,
      long storageGrowthBytes,
      double quotaDays,
      double computeCost,
      double storageCostPerMonth,
      double apiCost,
      String currency) {

    public double totalCost() {
      return computeCost + storageCostPerMonth + apiCost;
    }

    /** The figures a report compares with the actuals, as kept in the spec's parameters. */
    public OperationParams.Estimate asParams() {
      return new OperationParams.Estimate(
          apiCalls,
          records,
          wireBytes,
          duration.toMillis() / 1000.0,
          partitions,
          bound,
          Math.round(totalCost() * 10_000) / 10_000.0);
    }
  }

  /** Estimates from a plan already made for {@code spec}. */
  public Estimate of(OperationType type, OperationSpec spec, Planner.Plan plan) {
    CostModel cost = config.costModel();
    long wire = plan.records() * cost.wireBytes(spec.source());
    long storage = plan.records() * cost.storageBytesPerRow();
    long memory =
        peakMemory(
            spec.concurrency(),
            spec.batchSize(),
            Math.max(
                largestPartitionRows(config.catalog().select(spec.source(), spec.datasets())),
                largestWindowRows(plan)));
    SourceQuota quota = config.quotas().get(spec.source());
    double quotaDays = 0;
    // Per quota lane: each market of a per-market source spends its own daily caps.
    for (Map.Entry<String, Long> lane :
        Planner.requestsByLane(plan.partitions(), quota, config.catalog()).entrySet()) {
      for (SourceQuota.Limit l : quota.lane(lane.getKey()).limits()) {
        if (l.period().compareTo(Duration.ofDays(1)) >= 0) {
          double perDay = l.requests() / (l.period().toHours() / 24.0);
          quotaDays = Math.max(quotaDays, lane.getValue() / perDay);
        }
      }
    }
    double hours = plan.estimatedDuration().toMillis() / 3_600_000.0;
    return new Estimate(
        type,
        plan.partitions().size(),
        plan.requests(),
        plan.records(),
        wire,
        plan.estimatedDuration(),
        plan.effectiveRate(),
        plan.bound(),
        memory,
        storage,
        quotaDays,
        hours * cost.computePerHour(),
        storage / 1e9 * cost.storagePerGbMonth(),
        plan.requests() * cost.callCost(spec.source()),
        cost.currency());
  }

  /**
   * Rows the largest fetch window of the plan holds: a window in flight keeps all of its rows until
   * its partitions are published.
   */
  public static int largestWindowRows(Planner.Plan plan) {
    Map<Integer, Long> byWindow = new java.util.HashMap<>();
    for (Planner.PlannedPartition p : plan.partitions()) {
      byWindow.merge(p.fetchGroup(), (long) p.expectedRows(), Long::sum);
    }
    return (int)
        Math.min(Integer.MAX_VALUE, byWindow.values().stream().mapToLong(x -> x).max().orElse(0));
  }

  /**
   * Peak memory: a baseline plus, per window in flight, its rows twice and a batch ({@code
   * rowsPerTask}: the rows of the largest window, or of the largest partition).
   */
  public static long peakMemory(int concurrency, int batchSize, int rowsPerTask) {
    return BASELINE_MEMORY
        + (long) concurrency * (rowsPerTask * 2L + batchSize) * BYTES_PER_ROW_IN_MEMORY;
  }

  /**
   * The inverse of {@link #peakMemory} without a batch: the most rows each of {@code tasksInFlight}
   * tasks may hold (twice, {@link #BYTES_PER_ROW_IN_MEMORY} each) so that they and the baseline fit
   * in {@code memory}; at least 1. Connectors cap one request's rows with it when the heap is
   * small.
   */
  public static long rowsPerTaskWithin(long memory, int tasksInFlight) {
    long room = memory - BASELINE_MEMORY;
    return Math.max(1, room / (Math.max(1, tasksInFlight) * 2L * BYTES_PER_ROW_IN_MEMORY));
  }

  /** Rows the largest partition of the datasets holds (an hourly day of 25 hours). */
  public static int largestPartitionRows(java.util.List<Dataset> datasets) {
    return datasets.stream().mapToInt(d -> d.series().size() * 25).max().orElse(25);
  }
}
