package io.aurum.core.estimate;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.request.Origin;
import java.util.List;

/**
 * Fits an operation into a memory budget: memory grows with tasks in flight × rows each holds (a
 * partition's rows, plus a batch being written), not with the date range. Concurrency is lowered
 * first, then the batch size. Stateless.
 */
public final class MemoryFit {
  /** The smallest batch a fit lowers to. */
  public static final int MIN_BATCH = 100;

  /** The tuning that fits; equal to the asked one when it fitted already. */
  public record Fit(int concurrency, int batchSize) {}

  private MemoryFit() {}

  /**
   * The largest concurrency, then batch size, at most the asked ones, whose estimate fits {@code
   * budget} bytes; refused (exit 2) when even one task with the smallest batch does not.
   */
  public static Fit fit(
      long budget, int concurrency, int batchSize, List<Dataset> datasets, Origin origin) {
    // The largest partition: an hourly day of 25 hours for every series.
    int rows = Estimator.largestPartitionRows(datasets);
    int c = concurrency;
    int b = batchSize;
    while (Estimator.peakMemory(c, b, rows) > budget && c > 1) {
      c--;
    }
    while (Estimator.peakMemory(c, b, rows) > budget && b > MIN_BATCH) {
      b = Math.max(MIN_BATCH, b / 2);
    }
    if (Estimator.peakMemory(c, b, rows) > budget) {
      throw new AurumException.BadInput(
          String.format(
              "%s is too small: this backfill needs at least %dm",
              origin.name("max_memory"), (Estimator.peakMemory(1, MIN_BATCH, rows) >> 20) + 1));
    }
    return new Fit(c, b);
  }
}
