package io.aurum.core.usecase;

import io.aurum.core.estimate.Estimator;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Store;
import io.aurum.core.request.Origin;
import java.time.LocalDate;
import java.util.List;

/**
 * The resources a backfill or a replay of a date range would take, planned with the same rules as
 * the operation itself. A replay rewrites every partition; a backfill only the uncovered ones.
 * Writes nothing. Thread-safe.
 */
public final class Estimates {
  private final Backfills backfills;

  public Estimates(Backfills backfills) {
    this.backfills = backfills;
  }

  /** The validated spec, its plan and what running it would take. */
  public record Result(OperationSpec spec, Planner.Plan plan, Estimator.Estimate estimate) {}

  /**
   * Plans {@code type} over {@code start..end} (both inclusive) against {@code store}, or as if it
   * were empty when null, and estimates it.
   *
   * @throws IllegalArgumentException when {@code type} is neither a backfill nor a replay
   */
  public Result of(
      OperationType type,
      SourceId source,
      LocalDate start,
      LocalDate end,
      List<String> datasets,
      Tuning tuning,
      Origin origin,
      Store store) {
    if (type != OperationType.BACKFILL && type != OperationType.REPLAY) {
      throw new IllegalArgumentException("only a backfill or a replay is estimated, not " + type);
    }
    boolean everyPartition = type == OperationType.REPLAY;
    BackfillRequest asked =
        new BackfillRequest(
            source, start, end, datasets, tuning, everyPartition, null, null, null, origin);
    OperationSpec spec = backfills.prepare(asked).spec();
    Backfills.Planned planned = backfills.plan(spec, store);
    return new Result(spec, planned.plan(), backfills.estimate(planned, type));
  }
}
