package io.aurum.core.usecase;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.AuditLog;
import io.aurum.core.port.RecoveryLog;
import io.aurum.core.port.RecoveryLog.StepRow;
import io.aurum.core.port.Store;
import io.aurum.core.rollback.RollbackService;
import io.aurum.core.usecase.RecoveryPlan.Step;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code aurum emergency recover}: runs a {@link RecoveryPlan} step by step through the existing
 * use cases (resume and cleanup of {@link OperationService}, partition rollbacks of {@link
 * RollbackService}, {@link Replays}, {@link IntegrityScans}, {@link Emergencies#release}), steps
 * whose dependencies are done in parallel up to the request's bound. Progress is kept in the store
 * ({@link RecoveryLog}): a DONE step is skipped when the plan runs again, and a step that drove an
 * operation resumes that operation instead of creating another. The first failed gate stops the
 * run: the steps already running finish, nothing new starts. Thread-safe for one run at a time per
 * plan.
 */
public final class Recoveries {
  private final Store store;
  private final OperationService operations;
  private final Replays replays;
  private final IntegrityScans scans;
  private final Clock clock;
  private final DatasetCatalog catalog;

  /** A recovery without a dataset catalog: a partition rollback step fails its gate. */
  public Recoveries(
      Store store,
      OperationService operations,
      Replays replays,
      IntegrityScans scans,
      Clock clock) {
    this(store, operations, replays, scans, clock, null);
  }

  /** {@code catalog}: the datasets a partition rollback's gate verifies its heads against. */
  public Recoveries(
      Store store,
      OperationService operations,
      Replays replays,
      IntegrityScans scans,
      Clock clock,
      DatasetCatalog catalog) {
    this.store = store;
    this.operations = operations;
    this.replays = replays;
    this.scans = scans;
    this.clock = clock;
    this.catalog = catalog;
  }

  /** How a step ended in this run. */
  public enum Result {
    /** Done in an earlier run: skipped. */
    ALREADY_DONE,
    DONE,
    FAILED,
    /** Not run: a gate failed first (or, in a dry run, what would run). */
    NOT_RUN,
    WOULD_RUN
  }

  /** One step's outcome and what its gate said. */
  public record StepOutcome(Step step, Result result, String detail) {}

  /** Every step's outcome in plan order; {@code failure} the first failed gate (null: none). */
  public record Outcome(String planId, List<StepOutcome> steps, String failure) {
    public Outcome {
      steps = List.copyOf(steps);
    }

    public boolean ok() {
      return failure == null;
    }
  }

  /** A gate that did not pass. */
  static final class GateFailed extends RuntimeException {
    GateFailed(String message) {
      super(message, null, false, false);
    }
  }

  public Outcome recover(RecoverRequest r, String actor, Consumer<String> progress) {
    RecoveryPlan plan = r.plan();
    Map<String, StepRow> rows = new HashMap<>();
    for (StepRow row : store.recoveries().steps(plan.planId())) {
      rows.put(row.stepId(), row);
    }
    Set<String> done = new HashSet<>();
    Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
    for (Step s : plan.steps()) {
      StepRow row = rows.get(s.id());
      if (row != null && row.state() == RecoveryLog.State.DONE) {
        done.add(s.id());
        outcomes.put(s.id(), new StepOutcome(s, Result.ALREADY_DONE, row.detail()));
      }
    }
    if (r.dryRun()) {
      List<StepOutcome> out = new ArrayList<>();
      for (Step s : plan.steps()) {
        out.add(
            outcomes.getOrDefault(
                s.id(),
                new StepOutcome(
                    s,
                    Result.WOULD_RUN,
                    rows.containsKey(s.id())
                        ? "would run again (it was " + rows.get(s.id()).state() + ")"
                        : "would run")));
      }
      return new Outcome(plan.planId(), out, null);
    }
    ExecutorService pool = Executors.newFixedThreadPool(r.parallelism());
    CompletionService<StepOutcome> cs = new ExecutorCompletionService<>(pool);
    Set<String> started = new HashSet<>(done);
    String failure = null;
    int running = 0;
    try {
      while (true) {
        if (failure == null) {
          for (Step s : plan.steps()) {
            if (running >= r.parallelism()) {
              break;
            }
            if (!started.contains(s.id()) && done.containsAll(s.dependsOn())) {
              started.add(s.id());
              running++;
              progress.accept(s.id() + " " + s.kind().label() + " " + s.scope() + ": started");
              cs.submit(() -> run(plan, s, rows.get(s.id()), r, actor));
            }
          }
        }
        if (running == 0) {
          break;
        }
        StepOutcome o;
        try {
          o = cs.take().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AurumException.OperationFailed("interrupted while recovering " + plan.planId());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException x
              ? x
              : new IllegalStateException(e.getCause());
        }
        running--;
        outcomes.put(o.step().id(), o);
        progress.accept(
            o.step().id() + " " + o.step().kind().label() + ": " + o.result() + ", " + o.detail());
        if (o.result() == Result.DONE) {
          done.add(o.step().id());
        } else if (failure == null) {
          failure =
              "step " + o.step().id() + " (" + o.step().kind().label() + ") failed: " + o.detail();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<StepOutcome> out = new ArrayList<>();
    for (Step s : plan.steps()) {
      out.add(outcomes.getOrDefault(s.id(), new StepOutcome(s, Result.NOT_RUN, "not run")));
    }
    if (failure == null && done.size() < plan.steps().size()) {
      failure = "steps left that wait on unknown steps: check the plan's depends_on";
    }
    return new Outcome(plan.planId(), out, failure);
  }

  /** Runs one step and its gate; records it started, then DONE or FAILED. */
  private StepOutcome run(RecoveryPlan plan, Step s, StepRow row, RecoverRequest r, String actor) {
    RecoveryLog log = store.recoveries();
    log.started(plan.planId(), s.id(), s.kind().label(), actor, r.reason());
    String detail;
    boolean ok;
    try {
      detail =
          switch (s.kind()) {
            case RESUME -> resume(plan, s, actor, r);
            case CLEANUP -> cleanup(s, actor);
            case ACKNOWLEDGE_AUDIT_BREAK -> acknowledge(plan, actor, r);
            case ROLLBACK_PARTITIONS ->
                new PartitionRollbackStep(store, clock, catalog).run(plan, s, actor, r.reason());
            case REPLAY ->
                new RecoveryReplayStep(store, operations, replays, scans)
                    .run(plan, s, row, actor, r);
            case VALIDATE -> RecoveryValidateStep.run(scans, plan);
            case RELEASE_ISOLATION -> release(plan, actor, r);
          };
      ok = true;
    } catch (GateFailed e) {
      detail = e.getMessage();
      ok = false;
    } catch (AurumException e) {
      detail = e.getMessage();
      ok = false;
    }
    log.finished(plan.planId(), s.id(), ok, detail, actor);
    return new StepOutcome(s, ok ? Result.DONE : Result.FAILED, detail);
  }

  private String resume(RecoveryPlan plan, Step s, String actor, RecoverRequest r) {
    Operation op = operations.get(s.operationId());
    if (op.state() != OperationState.SUCCEEDED) {
      store.emergencies().markRecovery(op.id());
      store.recoveries().operation(plan.planId(), s.id(), op.id());
      OperationRunner.Outcome o = operations.resume(op.id(), actor, new LiveProgress());
      if (o != OperationRunner.Outcome.SUCCEEDED) {
        throw new GateFailed("operation " + op.id() + " ended " + o + ", not SUCCEEDED");
      }
    }
    return "operation " + op.id() + " SUCCEEDED";
  }

  private String cleanup(Step s, String actor) {
    int n = operations.cleanup(s.operationId(), actor).stagedDiscarded();
    int left = store.versions().countStaged(s.operationId());
    if (left > 0) {
      throw new GateFailed(left + " staged version(s) of " + s.operationId() + " left");
    }
    return n + " staged version(s) of " + s.operationId() + " discarded; none left";
  }

  private String acknowledge(RecoveryPlan plan, String actor, RecoverRequest r) {
    List<Long> seqs =
        store
            .audit()
            .acknowledgeBreaks(
                actor,
                plan.planId(),
                r.reason() == null ? "emergency recovery " + plan.planId() : r.reason());
    AuditLog.Verification v = store.audit().verify();
    if (!v.intact()) {
      throw new GateFailed("aurum audit verify still fails: " + v.problem());
    }
    return "audit verify passes; "
        + (seqs.isEmpty() ? "nothing new to acknowledge" : "acknowledged entries " + seqs)
        + " (kept as they are)";
  }

  private String release(RecoveryPlan plan, String actor, RecoverRequest r) {
    Emergencies.Released released;
    try {
      released =
          new Emergencies(store, clock)
              .release(
                  new EmergencyRequests.Release(
                      EmergencyRequests.Target.ISOLATION,
                      plan.source().cliName(),
                      r.reason() == null ? "emergency recovery " + plan.planId() : r.reason(),
                      false),
                  actor);
    } catch (AurumException.NotFound e) {
      return "no isolation of " + plan.source().cliName() + " stands";
    }
    List<String> resumed = new ArrayList<>();
    for (String id : released.toResume()) {
      OperationRunner.Outcome o = operations.resume(id, actor, new LiveProgress());
      resumed.add(id + " " + o);
    }
    return "isolation of "
        + plan.source().cliName()
        + " released"
        + (resumed.isEmpty() ? "" : "; resumed " + resumed);
  }
}
