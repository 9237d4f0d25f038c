package io.aurum.bench;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
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
import io.aurum.core.port.Connector;
import io.aurum.core.port.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Builds the operation service over one connector, and plans, creates and runs one backfill through
 * it, timing each step.
 */
final class Backfills {
  private Backfills() {}

  /** How a timed backfill went. */
  record Result(
      String operationId, OperationRunner.Outcome outcome, long createNanos, long runNanos) {
    double seconds() {
      return (createNanos + runNanos) / 1e9;
    }
  }

  /** An operation service over the store with one connector, failure logs under {@code dir}. */
  static OperationService service(
      Store store,
      SourceId source,
      Connector connector,
      AurumConfig config,
      Path dir,
      EngineListener listener) {
    return new OperationService(
        new OperationRunner.Dependencies(
            store,
            Map.of(source, connector),
            config,
            Clock.systemUTC(),
            dir.resolve("logs"),
            listener));
  }

  /** {@link #service} without a listener. */
  static OperationService service(
      Store store, SourceId source, Connector connector, AurumConfig config, Path dir) {
    return service(store, source, connector, config, dir, EngineListener.NONE);
  }

  /** An EIA backfill spec with the default retries and backoff. */
  static OperationSpec spec(
      LocalDate start, LocalDate end, String dataset, int concurrency, int batchSize, Double rate) {
    return spec(SourceId.EIA, start, end, dataset, concurrency, batchSize, rate);
  }

  /** A backfill spec with the default retries and backoff. */
  static OperationSpec spec(
      SourceId source,
      LocalDate start,
      LocalDate end,
      String dataset,
      int concurrency,
      int batchSize,
      Double rate) {
    return new OperationSpec(
        source,
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
            OperationIds.of(OperationType.BACKFILL, spec.endDate(), spec.source()),
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
