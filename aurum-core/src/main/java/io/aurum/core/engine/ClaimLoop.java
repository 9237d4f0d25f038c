package io.aurum.core.engine;

import io.aurum.core.engine.ClaimPacing.Limits;
import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.model.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The claim loop of one run: claims fetch windows ahead under leases, schedules them on the worker
 * pool within the concurrency and the publish window, and follows pause, cancel and live
 * adjustments until the operation ends. One {@link #run} per instance, on the runner's thread;
 * workers and the heartbeat thread call into its parts concurrently where noted.
 *
 * <p>Its parts, each in a class of its own: {@link RunControl} (rereading the operation, pause,
 * cancel and draining), {@link ClaimPacing} (the limits of each cycle), {@link ClaimQueue} (the
 * claim cycle), {@link WindowScheduler} (windows on the worker pool), {@link LeaseHeartbeat} (the
 * runner slot and the leases) and {@link LoopSignal} (waking the loop); {@link EmergencyWatch}
 * reads the emergencies.
 */
final class ClaimLoop {
  /** How often the loop rereads the operation, and the longest it sleeps. */
  static final Duration CYCLE = Duration.ofMillis(100);

  private final OperationRunner.Dependencies deps;
  private final OperationFinisher finisher;
  private final String id;
  private final LoopSignal signal;
  private final ClaimPacing pacing;
  private final ClaimQueue claims;
  private final WindowScheduler scheduler;
  private final RunControl control;
  private final LeaseHeartbeat leases;
  private final boolean shared;
  private final java.util.function.BooleanSupplier leaving;

  /** A worker's {@code --concurrency}, which replaces the operation's in a shared run; 0: none. */
  private final int workerConcurrency;

  ClaimLoop(
      OperationRunner.Dependencies deps,
      RunnerSlot slot,
      OperationFinisher finisher,
      Operation op,
      TaskProcessor processor,
      ExecutorService workers,
      ExecutorService claimer,
      GroupCommitPublisher publisher) {
    this(deps, slot, finisher, op, processor, workers, claimer, publisher, () -> false, 0);
  }

  /**
   * {@code leaving} is read each cycle in a worker's shared run ({@link RunnerSlot#shared}): once
   * true, this process gives its windows back at a page boundary and leaves the operation running.
   * {@code workerConcurrency} (when above 0) is how many windows this process fetches at once.
   */
  ClaimLoop(
      OperationRunner.Dependencies deps,
      RunnerSlot slot,
      OperationFinisher finisher,
      Operation op,
      TaskProcessor processor,
      ExecutorService workers,
      ExecutorService claimer,
      GroupCommitPublisher publisher,
      java.util.function.BooleanSupplier leaving,
      int workerConcurrency) {
    this.shared = slot.shared();
    this.workerConcurrency = workerConcurrency;
    this.leaving = leaving;
    this.deps = deps;
    this.finisher = finisher;
    this.id = op.id();
    EmergencyWatch emergencies =
        new EmergencyWatch(
            deps.store(), deps.clock(), deps.config().defaults().engine().heartbeat(), id);
    this.signal = new LoopSignal(id);
    this.pacing = new ClaimPacing(publisher, System::nanoTime);
    this.claims = new ClaimQueue(deps, id, slot.runnerId(), publisher, claimer, pacing, signal);
    this.scheduler = new WindowScheduler(workers, processor::process, claims, signal);
    this.control =
        new RunControl(
            deps.store(), op, processor, emergencies, claims, scheduler, signal, System::nanoTime);
    this.leases = new LeaseHeartbeat(slot, emergencies, id, scheduler::inflightWindows, claims);
  }

  Outcome run() {
    try {
      return loop();
    } finally {
      // However the loop ends (a failure too), workers finishing after it start nothing: the
      // pool is about to shut down.
      scheduler.stop();
    }
  }

  private Outcome loop() {
    while (true) {
      Operation current = control.current();
      Optional<Outcome> ended = control.settle(current);
      if (ended.isPresent()) {
        return ended.get();
      }
      if (shared && leaving.getAsBoolean()) {
        return control.leave();
      }
      Limits limits =
          pacing.limits(workerConcurrency > 0 ? workerConcurrency : current.spec().concurrency());
      claims.topUp(limits.ahead());
      scheduler.startWithin(limits);
      if (scheduler.idle() && claims.isEmpty() && !claims.inProgress()) {
        Optional<Instant> due = deps.store().tasks().nextDue(id);
        if (due.isEmpty()) {
          if (shared
              && !deps.store()
                  .tasks()
                  .list(id, java.util.Set.of(io.aurum.core.model.TaskState.RUNNING))
                  .isEmpty()) {
            // Other workers hold its last windows: whichever completes the last one ends it.
            return Outcome.PAUSED;
          }
          return finisher.finish(id);
        }
        long waitMs = Duration.between(deps.clock().instant(), due.get()).toMillis();
        signal.await(Math.max(1, Math.min(waitMs, CYCLE.toMillis())));
      } else {
        signal.await(CYCLE.toMillis());
      }
    }
  }

  /** One tick of the heartbeat thread: the runner slot and the leases of the tasks it holds. */
  void heartbeat() {
    leases.tick();
  }
}
