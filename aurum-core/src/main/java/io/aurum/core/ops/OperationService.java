package io.aurum.core.ops;

import io.aurum.core.engine.EmergencyCheck;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.engine.RunnerLiveness;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.fetch.FetchGroups;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.model.TaskState;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.port.Store;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The lifecycle of operations as users drive it: create from a plan, run, pause, resume, cancel,
 * clean up and report status. Control calls only change the operation row; the runner that drives
 * the operation (in this or another process) sees the change on its next cycle. Thread-safe.
 */
public final class OperationService {
  private final OperationRunner.Dependencies deps;

  public OperationService(OperationRunner.Dependencies deps) {
    this.deps = deps;
  }

  private Store store() {
    return deps.store();
  }

  public Planner planner() {
    return new Planner(deps.store(), deps.connectors(), deps.config());
  }

  /**
   * Creates a PLANNED operation with one task per planned partition, in the plan's fetch windows,
   * atomically; refused (exit 4, naming the holder) when a live operation of the same type holds
   * one of its partitions.
   */
  public Operation create(
      OperationType type,
      String baseId,
      OperationSpec spec,
      Planner.Plan plan,
      Priority priority,
      String reason,
      String actor) {
    return created(createUnlessHeld(type, baseId, spec, plan, priority, reason, actor), type);
  }

  /** The created operation, or the refusal naming the live operation that holds a partition. */
  public static Operation created(OperationRepository.Creation c, OperationType type) {
    if (c instanceof OperationRepository.Created made) {
      return made.operation();
    }
    OperationRepository.Held h = (OperationRepository.Held) c;
    String kind = type.name().toLowerCase(java.util.Locale.ROOT);
    throw new AurumException.IllegalStateChange(
        v ->
            "partition "
                + h.partition()
                + " is held by "
                + kind
                + " "
                + h.holderId()
                + " ("
                + h.holderState()
                + (type == OperationType.BACKFILL
                    ? "): wait for it with " + v.step(NextStep.waitFor(h.holderId())) + ", or see "
                    : "): let it finish or cancel it first, see ")
                + v.step(NextStep.showStatus(h.holderId())));
  }

  /**
   * {@link #create}, with the refusal as a value: {@link OperationRepository.Held} names the live
   * operation of the same type that holds one of the plan's partitions.
   */
  public OperationRepository.Creation createUnlessHeld(
      OperationType type,
      String baseId,
      OperationSpec spec,
      Planner.Plan plan,
      Priority priority,
      String reason,
      String actor) {
    Instant now = deps.clock().instant();
    Operation draft = Operation.planned(baseId, type, spec, priority, reason, actor, now);
    List<TaskDraft> tasks =
        plan.partitions().stream()
            .map(p -> new TaskDraft(p.key(), null, p.headVersionId(), p.fetchGroup()))
            .toList();
    if (tasks.stream().anyMatch(t -> t.fetchGroup() == TaskDraft.UNGROUPED)) {
      // A plan read from a file: its windows are made again here, never taken from the file, so
      // an edited plan cannot make a request the API would refuse.
      tasks = FetchGroups.group(tasks, deps.connectors(), deps.config().catalog()).tasks();
    }
    return store().operations().createUnlessHeld(draft, tasks);
  }

  /**
   * Blocks until operation {@code id} is finished (SUCCEEDED, FAILED, CANCELLED or ROLLED_BACK, or
   * gone), asking the store every {@code poll}: the holder may run in another process, so the store
   * is the only place that knows. {@code onWait} is told once per poll.
   */
  public void awaitFinished(String id, java.time.Duration poll, Runnable onWait) {
    while (true) {
      var op = store().operations().find(id);
      if (op.isEmpty() || op.get().state().terminal()) {
        return;
      }
      onWait.run();
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AurumException.OperationFailed("interrupted while waiting for " + id);
      }
    }
  }

  /** Starts a PLANNED operation and runs it in this process. */
  public OperationRunner.Outcome start(String id, String actor, LiveProgress progress) {
    Operation op = get(id);
    op.state().checkMoveTo(OperationState.RUNNING, id);
    EmergencyCheck.refuseIfBlocked(store(), op, "start", deps.clock().instant());
    if (!store()
        .operations()
        .transition(id, op.state(), OperationState.RUNNING, actor, "started")) {
      throw raced(id);
    }
    StateChangeLog.changed(op, "started", actor);
    return new OperationRunner(deps, progress).run(id);
  }

  /**
   * Continues an operation from where it stopped: a paused one, a failed one (its failed tasks are
   * retried), or a running one whose process died. SUCCEEDED tasks are never run again.
   */
  public OperationRunner.Outcome resume(String id, String actor, LiveProgress progress) {
    Operation op = toRunning(id, actor);
    StateChangeLog.changed(op, "resumed (was " + op.state() + ")", actor);
    return new OperationRunner(deps, progress, actor).run(id);
  }

  /**
   * Queues a PLANNED operation for the workers ({@code --submit}): it becomes RUNNING with no
   * runner slot, and any worker of its source runs its windows. Nothing runs in this process.
   */
  public void submit(String id, String actor) {
    Operation op = get(id);
    op.state().checkMoveTo(OperationState.RUNNING, id);
    EmergencyCheck.refuseIfBlocked(store(), op, "start", deps.clock().instant());
    store().workers().submit(id, actor, deps.clock().instant());
    if (!store()
        .operations()
        .transition(id, op.state(), OperationState.RUNNING, actor, "submitted for the workers")) {
      throw raced(id);
    }
    StateChangeLog.changed(op, "submitted for the workers", actor);
  }

  /** Whether the operation was submitted for the workers (its resume re-queues it). */
  public boolean submitted(String id) {
    try {
      return store().workers().submitted(id);
    } catch (UnsupportedOperationException e) {
      return false; // a store without workers queues nothing
    }
  }

  /**
   * Resumes a submitted operation by queueing it for the workers again, as {@link #resume} moves it
   * (a failed one's failed tasks retried); nothing runs in this process.
   */
  public void requeue(String id, String actor) {
    Operation op = toRunning(id, actor);
    StateChangeLog.changed(op, "re-queued for the workers (was " + op.state() + ")", actor);
  }

  /** The state moves of a resume; returns the operation as it was before. */
  private Operation toRunning(String id, String actor) {
    Operation op = get(id);
    if (!op.state().terminal() || op.state() == OperationState.FAILED) {
      EmergencyCheck.refuseIfBlocked(store(), op, "resume", deps.clock().instant());
    }
    switch (op.state()) {
      case PAUSED, PLANNED -> {
        if (!store()
            .operations()
            .transition(id, op.state(), OperationState.RUNNING, actor, "resumed")) {
          throw raced(id);
        }
      }
      case FAILED -> {
        store().tasks().requeue(id, Set.of(TaskState.FAILED));
        if (!store()
            .operations()
            .transition(
                id,
                OperationState.FAILED,
                OperationState.RUNNING,
                actor,
                "resumed: failed tasks retried")) {
          throw raced(id);
        }
      }
      case RUNNING -> {
        // Resuming after a crash: the runner takes over at once when the owner ran on this host
        // and is provably gone, else only once it stopped heartbeating for the lease.
      }
      default ->
          throw new AurumException.IllegalStateChange(
              "operation " + id + " is " + op.state() + ": there is nothing to resume");
    }
    return op;
  }

  public void pause(String id, String actor) {
    Operation op = get(id);
    if (op.state() == OperationState.PAUSED) {
      throw new AurumException.IllegalStateChange(
          v ->
              "operation "
                  + id
                  + " is already paused: resume it with "
                  + v.step(NextStep.resume(id)));
    }
    op.state().checkMoveTo(OperationState.PAUSED, id);
    if (!store().operations().transition(id, op.state(), OperationState.PAUSED, actor, "paused")) {
      throw raced(id);
    }
    StateChangeLog.changed(op, "paused", actor);
  }

  /**
   * Cancels: pending tasks become CANCELLED; with force, in-flight ones too (their runner aborts).
   */
  public void cancel(String id, boolean force, String actor) {
    Operation op = get(id);
    op.state().checkMoveTo(OperationState.CANCELLED, id);
    if (!store()
        .operations()
        .transition(
            id,
            op.state(),
            OperationState.CANCELLED,
            actor,
            force ? "cancelled with force" : "cancelled")) {
      throw raced(id);
    }
    store().tasks().cancel(id, force);
    StateChangeLog.changed(op, force ? "cancelled with force" : "cancelled", actor);
  }

  /**
   * Pauses a RUNNING operation because this process is being stopped (SIGINT, SIGTERM): its runner
   * stops every window at the next page boundary. False when it is no longer RUNNING.
   */
  public boolean pauseForShutdown(String id, String actor) {
    return store()
        .operations()
        .transition(
            id, OperationState.RUNNING, OperationState.PAUSED, actor, "paused: process stopped");
  }

  /**
   * Gives up what this process holds of a paused operation whose runner did not stop in time (the
   * process is about to exit): in-flight tasks go back to PENDING and the runner slot is freed, so
   * a resume anywhere re-fetches only what is unpublished and need not wait for the lease. Does
   * nothing to an operation another process drives.
   */
  public void abandon(String id) {
    Operation op = get(id);
    var self = deps.processes().self();
    if (op.runnerId() == null
        || op.owner() == null
        || !op.owner().host().equals(self.host())
        || op.owner().pid() != self.pid()) {
      return;
    }
    store().tasks().releaseRunning(id);
    store().operations().releaseRunner(id, op.runnerId());
  }

  /** Why a RUNNING operation is driven by nobody (its owner is gone), if it is. */
  public java.util.Optional<RunnerLiveness.Stall> stall(Operation op) {
    if (op.state() == OperationState.RUNNING && op.runnerId() == null && submitted(op.id())) {
      // A submitted operation has no runner: it stalls when no worker heartbeats any more.
      java.time.Instant since =
          deps.clock().instant().minus(deps.config().defaults().engine().runnerStale());
      return store().workers().live(since).isEmpty()
          ? java.util.Optional.of(new RunnerLiveness.Stall(null, null, null, false))
          : java.util.Optional.empty();
    }
    return deps.liveness().stall(op);
  }

  /** What cleanup removed. */
  public record CleanupResult(int stagedDiscarded) {}

  /** Discards the staged leftovers of an operation that no live runner is driving. */
  public CleanupResult cleanup(String id, String actor) {
    Operation op = get(id);
    boolean live = op.runnerId() != null && stall(op).isEmpty();
    if (op.state() == OperationState.RUNNING && live) {
      throw new AurumException.IllegalStateChange(
          "operation " + id + " is running: pause or cancel it before cleaning up");
    }
    int n = store().versions().discardStaged(id);
    store().audit().append(actor, id, "operation.cleanup", "{\"staged_discarded\":" + n + "}");
    return new CleanupResult(n);
  }

  /**
   * The operation, its progress and, when it is RUNNING but its owner is gone, why (shown as
   * STALLED; null otherwise).
   */
  public record Status(
      Operation operation, OperationProgress progress, RunnerLiveness.Stall stall) {

    /** The state to show: STALLED for a RUNNING operation that nobody drives. */
    public String shownState() {
      return stall != null ? STALLED : operation.state().name();
    }
  }

  /** The derived state of a RUNNING operation whose owner is gone. Never stored. */
  public static final String STALLED = "STALLED";

  public Status status(String id) {
    Operation op = get(id);
    return new Status(op, store().operations().progress(id), stall(op).orElse(null));
  }

  public Operation get(String id) {
    return store().operations().find(id).orElseThrow(() -> AurumException.NotFound.noOperation(id));
  }

  private static AurumException raced(String id) {
    return new AurumException.IllegalStateChange(
        v ->
            "operation "
                + id
                + " changed state while this command ran: check "
                + v.step(NextStep.showStatus(id)));
  }
}
