package io.aurum.bench;

import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.plan.Planner;
import java.time.LocalDate;
import java.util.List;

/** Plans, creates and runs one EIA backfill through the operation service, timing each step. */
final class Backfills {
  private Backfills() {}

  /** How a timed backfill went. */
  record Result(
      String operationId, OperationRunner.Outcome outcome, long createNanos, long runNanos) {
    double seconds() {
      return (createNanos + runNanos) / 1e9;
    }
  }

  static OperationSpec spec(
      LocalDate start, LocalDate end, String dataset, int concurrency, int batchSize, Double rate) {
    return new OperationSpec(
        SourceId.EIA,
        start,
        end,
        List.of(dataset),
        concurrency,
        batchSize,
        OperationSpec.DEFAULT_MAX_RETRIES,
        rate,
        OperationSpec.DEFAULT_RETRY_BACKOFF_SECONDS,
        false,
        "latest_wins",
        null);
  }

  static Result run(OperationService service, OperationSpec spec, String reason) {
    long t0 = System.nanoTime();
    Planner.Plan plan = service.planner().plan(spec);
    Operation op =
        service.create(
            OperationType.BACKFILL,
            OperationIds.of(OperationType.BACKFILL, spec.endDate(), SourceId.EIA),
            spec,
            plan,
            Priority.NORMAL,
            reason,
            "bench");
    long t1 = System.nanoTime();
    OperationRunner.Outcome outcome = service.start(op.id(), "bench", new LiveProgress());
    long t2 = System.nanoTime();
    return new Result(op.id(), outcome, t1 - t0, t2 - t1);
  }
}
