package io.aurum.core.engine;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults.EngineTimings;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.HostProcesses;
import io.aurum.core.port.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives one operation in this process until it finishes, pauses or is cancelled: claims due tasks
 * by priority and age under leases, keeps up to {@code concurrency} in flight on a worker pool,
 * heartbeats the operation and the leases, and rereads the operation row every cycle so that pause,
 * cancel and live adjustments from another terminal take effect. Not thread-safe: one {@code run}
 * at a time per instance.
 *
 * <p>Its parts, each in a class of its own: {@link RunnerSlot} (the runner slot, the previous run's
 * leftovers and the heartbeat), {@link ClaimLoop} (claiming and scheduling fetch windows) and
 * {@link OperationFinisher} (ending the operation); {@link OperationStepper} shares them.
 */
public final class OperationRunner {
  /** How a run ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    PAUSED,
    CANCELLED
  }

  /**
   * What the runner needs from the composition root. {@code processes} tells who this process is
   * (the owner recorded on the operation) and whether an owner on this host is gone.
   */
  public record Dependencies(
      Store store,
      Map<SourceId, Connector> connectors,
      AurumConfig config,
      Clock clock,
      Path failureLogDir,
      EngineListener listener,
      HostProcesses processes) {

    /** Without a view of the host's processes: a crashed owner is taken over after the lease. */
    public Dependencies(
        Store store,
        Map<SourceId, Connector> connectors,
        AurumConfig config,
        Clock clock,
        Path failureLogDir,
        EngineListener listener) {
      this(store, connectors, config, clock, failureLogDir, listener, HostProcesses.UNKNOWN);
    }

    /** Whether the owners of operations are alive. */
    public RunnerLiveness liveness() {
      return new RunnerLiveness(processes, clock, config.defaults().engine().runnerStale());
    }
  }

  private final Dependencies deps;
  private final LiveProgress progress;
  private final RunnerSlot slot;
  private final OperationFinisher finisher;

  public OperationRunner(Dependencies deps, LiveProgress progress) {
    this(deps, progress, "engine");
  }

  /** {@code actor} is who resumes: the audit entry of a takeover names them. */
  public OperationRunner(Dependencies deps, LiveProgress progress, String actor) {
    this.deps = deps;
    this.progress = progress;
    this.slot = new RunnerSlot(deps, progress, actor);
    this.finisher = new OperationFinisher(deps);
  }

  public String runnerId() {
    return slot.runnerId();
  }

  /**
   * A worker's share of a submitted operation: no runner slot, the leases owned by {@code
   * workerId}. Runs its windows until nothing is left for this process (the operation ended, or the
   * rest is held by other workers), it is paused or cancelled, or {@code leaving} turns true (then
   * in-flight windows stop at a page boundary and go back to the others), fetching up to {@code
   * concurrency} windows at once. Returns the outcome; PAUSED also when this process merely left an
   * operation that goes on running.
   */
  public static Outcome runShared(
      Dependencies deps,
      LiveProgress progress,
      String workerId,
      String operationId,
      int concurrency,
      java.util.function.BooleanSupplier leaving) {
    OperationRunner r =
        new OperationRunner(deps, progress, new RunnerSlot(deps, progress, workerId, true));
    return r.run(operationId, leaving, concurrency);
  }

  private OperationRunner(Dependencies deps, LiveProgress progress, RunnerSlot slot) {
    this.deps = deps;
    this.progress = progress;
    this.slot = slot;
    this.finisher = new OperationFinisher(deps);
  }

  /** Runs the operation (which must be RUNNING) to its end, a pause, or a cancel. */
  public Outcome run(String operationId) {
    return run(operationId, () -> false, 0);
  }

  private Outcome run(
      String operationId, java.util.function.BooleanSupplier leaving, int concurrency) {
    Store store = deps.store();
    EngineTimings timings = deps.config().defaults().engine();
    Operation op = begin(operationId);
    // The run's threads, this one too while it runs, log with the operation's keys.
    LogContext logs = LogContext.of(op);
    ScheduledExecutorService heartbeat =
        Executors.newSingleThreadScheduledExecutor(LogContext.daemonThreads("aurum-heartbeat"));
    ExecutorService workers =
        Executors.newCachedThreadPool(LogContext.daemonThreads("aurum-worker"));
    ExecutorService claimer =
        Executors.newSingleThreadExecutor(LogContext.daemonThreads("aurum-claimer"));
    Outcome outcome = null;
    deps.listener().operationStarted(op);
    try (GroupCommitPublisher publisher =
        new GroupCommitPublisher(
            store.versions(), !store.singleWriter(), op.source(), deps.listener())) {
      TaskProcessor processor = new TaskProcessor(deps, publisher, progress, op);
      ClaimLoop loop =
          new ClaimLoop(
              deps,
              slot,
              finisher,
              op,
              processor,
              workers,
              claimer,
              publisher,
              leaving,
              concurrency);
      heartbeat.scheduleAtFixedRate(
          loop::heartbeat,
          MonitorLevel.CRITICAL.interval(timings.heartbeat()).toMillis(),
          MonitorLevel.CRITICAL.interval(timings.heartbeat()).toMillis(),
          TimeUnit.MILLISECONDS);
      outcome = loop.run();
      return outcome;
    } finally {
      heartbeat.shutdownNow();
      claimer.shutdownNow();
      workers.shutdownNow();
      slot.release(operationId);
      // A run that ended by an exception counts as failed.
      try {
        deps.listener().operationEnded(op, outcome == null ? Outcome.FAILED : outcome);
      } finally {
        logs.close();
      }
    }
  }

  /**
   * Takes the operation's runner slot, then its leftovers (see {@link RunnerSlot#begin}). Shared
   * with {@link OperationStepper}.
   */
  Operation begin(String operationId) {
    return slot.begin(operationId);
  }

  /** Nothing is left to run: the operation ends SUCCEEDED, or FAILED if a task failed. */
  Outcome finishOperation(String id) {
    return finisher.finish(id);
  }

  static AurumException notFound(String id) {
    return AurumException.NotFound.noOperation(id);
  }
}
