package io.aurum.core.engine;

import io.aurum.core.config.OperationDefaults.EngineTimings;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns this runner's slot on an operation: who the runner is, taking the slot (or over from a dead
 * holder) with the previous run's leftovers, heartbeating it and the leases of its tasks, and
 * letting it go. Thread-safe: the heartbeat thread beats while the loop runs.
 */
final class RunnerSlot {
  /** Under the runner's name, as it logged before the slot had a class of its own. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);

  private final OperationRunner.Dependencies deps;
  private final LiveProgress progress;
  private final String runnerId;
  private final RunnerOwner owner;
  private final String actor;

  /**
   * True for a worker's share of a submitted operation: no slot is taken (every worker runs windows
   * of it at once), the worker's id owns the leases, and nothing of the others is touched.
   */
  private final boolean shared;

  /** {@code actor} is who resumes: the audit entry of a takeover names them. */
  RunnerSlot(OperationRunner.Dependencies deps, LiveProgress progress, String actor) {
    this.deps = deps;
    this.progress = progress;
    this.actor = actor;
    this.owner = deps.processes().self();
    this.shared = false;
    this.runnerId =
        "runner-"
            + owner.pid()
            + "@"
            + owner.host()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A worker's share of a submitted operation, its leases owned by {@code workerId}. */
  RunnerSlot(OperationRunner.Dependencies deps, LiveProgress progress, String workerId, boolean s) {
    this.deps = deps;
    this.progress = progress;
    this.actor = workerId;
    this.owner = deps.processes().self();
    this.shared = s;
    this.runnerId = workerId;
  }

  boolean shared() {
    return shared;
  }

  String runnerId() {
    return runnerId;
  }

  /**
   * Takes the operation's runner slot, then its leftovers: tasks a dead runner left RUNNING go back
   * to PENDING, its staged versions are discarded. SUCCEEDED tasks are never touched, so they are
   * never fetched again. Shared with {@link OperationStepper}.
   */
  Operation begin(String operationId) {
    Store store = deps.store();
    Operation op =
        store
            .operations()
            .find(operationId)
            .orElseThrow(() -> OperationRunner.notFound(operationId));
    if (shared) {
      // Other workers run windows of it now: their RUNNING tasks and staged versions are theirs;
      // a dead worker's go back to PENDING when its leases expire (WorkerRepository).
      progress.reset(store.operations().progress(operationId));
      return op;
    }
    claimRunnerSlot(operationId, deps.clock(), deps.config().defaults().engine());
    int released = store.tasks().releaseRunning(operationId);
    int discarded = store.versions().discardStaged(operationId);
    if (released + discarded > 0) {
      LOG.info(
          "{}: released {} in-flight task(s) and discarded {} staged version(s) of a previous run",
          operationId,
          released,
          discarded);
    }
    progress.reset(store.operations().progress(operationId));
    return op;
  }

  /**
   * Takes the operation's runner slot: free, ours, or held by a runner whose heartbeat is older
   * than the lease; or at once, by a compare-and-set on the slot, when the holder ran on this host
   * and is provably gone. Refuses while a live (or possibly live) process holds it.
   */
  private void claimRunnerSlot(String id, Clock clock, EngineTimings timings) {
    OperationRepository ops = deps.store().operations();
    Instant now = clock.instant();
    if (ops.acquireRunner(id, runnerId, owner, now, now.minus(timings.runnerStale()))) {
      return;
    }
    Operation held = ops.find(id).orElseThrow(() -> OperationRunner.notFound(id));
    RunnerLiveness liveness = deps.liveness();
    if (held.runnerId() != null && liveness.provablyDead(held.owner())) {
      if (ops.takeOver(id, held.runnerId(), runnerId, owner, clock.instant(), actor)) {
        LOG.info("{}: took over from {}, which is no longer running", id, held.owner().describe());
        return;
      }
      // Another resumer won the slot first (or the holder let go): look again once.
      held = ops.find(id).orElseThrow(() -> OperationRunner.notFound(id));
    }
    if (held.runnerId() == null
        && ops.acquireRunner(
            id, runnerId, owner, clock.instant(), now.minus(timings.runnerStale()))) {
      return;
    }
    String who = held.owner() == null ? "another process" : held.owner().describe();
    String beat =
        held.runnerHeartbeatAt() == null
            ? ""
            : " (last heartbeat "
                + Math.max(0, Duration.between(held.runnerHeartbeatAt(), now).toSeconds())
                + " s ago)";
    throw new AurumException.IllegalStateChange(
        "operation "
            + id
            + " is being run by "
            + who
            + beat
            + ": pause or cancel it there, or resume again once that process has stopped"
            + " heartbeating for "
            + timings.runnerStale().toSeconds()
            + " s");
  }

  /**
   * One beat of the heartbeat thread: renews the runner slot, then the leases of the tasks {@code
   * held} lists at that moment (in flight or claimed).
   */
  void heartbeat(String id, Supplier<List<Long>> held) {
    try {
      Instant now = deps.clock().instant();
      if (!shared) {
        deps.store().operations().heartbeat(id, runnerId, now);
      }
      List<Long> ids = held.get();
      if (!ids.isEmpty()) {
        deps.store()
            .tasks()
            .renewLeases(runnerId, ids, now.plus(deps.config().defaults().engine().lease()));
      }
    } catch (Throwable t) {
      // A periodic task dies silently on an exception: keep beating.
      LOG.warn("heartbeat of {} failed: {}", id, t.toString());
    }
  }

  /** Lets the slot go, as a run does when it returns. */
  void release(String operationId) {
    if (shared) {
      return;
    }
    deps.store().operations().releaseRunner(operationId, runnerId);
  }
}
