package io.aurum.core.engine;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Drives one operation by hand, one fetch window per {@link #step()} on the calling thread: the
 * manual engine of tests that interleave runners, pauses, cancels and a settable clock step by step
 * instead of racing threads and sleeping. Its parts are {@link OperationRunner}'s own: the runner
 * slot and takeover ({@code begin}), the claim (riding in a group commit on a single-writer store),
 * {@link TaskProcessor} and {@link GroupCommitPublisher}, and the end of a run. It has no heartbeat
 * thread and no claim-ahead queue: leases and the runner's heartbeat are renewed only by {@link
 * #heartbeat()}, so a test can let them expire by moving the clock. Not thread-safe.
 */
public final class OperationStepper implements AutoCloseable {

  /**
   * What one step did: the fetch window it claimed and ran (empty when none was due), and the
   * outcome once the operation has ended, paused or been cancelled (null while it goes on).
   */
  public record Step(List<Task> window, OperationRunner.Outcome outcome) {
    public boolean ended() {
      return outcome != null;
    }
  }

  private final OperationRunner.Dependencies deps;
  private final OperationRunner runner;
  private final String id;
  private final GroupCommitPublisher publisher;
  private final TaskProcessor processor;
  private Operation current;
  private final boolean critical;
  private final boolean recovery;
  private OperationRunner.Outcome ended;

  /**
   * Takes the operation's runner slot as {@link OperationRunner#run} does (refused while a live
   * runner holds it; a runner whose heartbeat is older than the lease is taken over). The operation
   * must be RUNNING to make progress.
   */
  public OperationStepper(OperationRunner.Dependencies deps, String operationId, String actor) {
    this.deps = deps;
    LiveProgress progress = new LiveProgress();
    this.runner = new OperationRunner(deps, progress, actor);
    this.id = operationId;
    this.current = runner.begin(operationId);
    this.critical = deps.store().emergencies().critical(operationId);
    this.recovery = deps.store().emergencies().recovery(operationId);
    Store store = deps.store();
    this.publisher = new GroupCommitPublisher(store.versions(), !store.singleWriter());
    this.processor = new TaskProcessor(deps, publisher, progress, current);
  }

  public String runnerId() {
    return runner.runnerId();
  }

  /**
   * Rereads the operation row, as the run loop does every cycle: live adjustments take effect; a
   * pause stops the window in flight at its next page boundary; a forced cancel (no task of the
   * operation left RUNNING) aborts it. A test calls it from inside a window (a connector's page) to
   * play the loop noticing a change while a fetch is in flight.
   */
  public Operation observe() {
    current = deps.store().operations().find(id).orElseThrow();
    var emergencies = deps.store().emergencies().active(deps.clock().instant());
    processor.monitor(MonitorLevel.of(emergencies));
    if (EmergencyCheck.pauseIfBlocked(
        deps.store(), current, critical, recovery, emergencies, "emergency")) {
      current = deps.store().operations().find(id).orElseThrow();
    }
    processor.adjust(current.spec());
    switch (current.state()) {
      case PAUSED -> processor.pauseAtPageBoundary();
      case CANCELLED -> {
        if (deps.store().tasks().list(id, Set.of(TaskState.RUNNING)).isEmpty()) {
          processor.cancel();
        }
      }
      default -> {}
    }
    return current;
  }

  /**
   * One turn of the loop: unless the operation has stopped running, claims the first due fetch
   * window and runs it to its end (fetch, gate, publish) on this thread; with no task left, ends
   * the operation. A window whose retry is not due yet claims nothing: move the clock.
   */
  public Step step() {
    if (ended != null) {
      return new Step(List.of(), ended);
    }
    observe();
    switch (current.state()) {
      case RUNNING -> {}
      case PAUSED -> {
        return end(OperationRunner.Outcome.PAUSED);
      }
      case CANCELLED -> {
        deps.store().tasks().cancel(id, false);
        return end(OperationRunner.Outcome.CANCELLED);
      }
      default -> {
        return end(
            current.state() == io.aurum.core.model.OperationState.SUCCEEDED
                ? OperationRunner.Outcome.SUCCEEDED
                : OperationRunner.Outcome.FAILED);
      }
    }
    List<Task> window = claim();
    if (window.isEmpty()) {
      Optional<Instant> due = deps.store().tasks().nextDue(id);
      return due.isEmpty() ? end(runner.finishOperation(id)) : new Step(List.of(), null);
    }
    run(window);
    return new Step(window, null);
  }

  /** Steps until the operation ends; refuses when what is left waits for the clock to move. */
  public OperationRunner.Outcome runToEnd() {
    while (true) {
      Step s = step();
      if (s.ended()) {
        return s.outcome();
      }
      if (s.window().isEmpty()) {
        throw new IllegalStateException(
            "nothing of "
                + id
                + " is due at "
                + deps.clock().instant()
                + ": move the clock to "
                + deps.store().tasks().nextDue(id).orElse(null));
      }
    }
  }

  /**
   * Claims the first due fetch window under this runner's lease without running it: the claim half
   * of a step, for tests that act between the claim and the fetch ({@link #run} is the other).
   */
  public List<Task> claim() {
    Duration lease = deps.config().defaults().engine().lease();
    List<Task> got;
    if (deps.store().singleWriter()) {
      try {
        got = publisher.claim(new ClaimRequest(id, runnerId(), 1, deps.clock(), lease)).join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    } else {
      Instant now = deps.clock().instant();
      got = deps.store().tasks().claim(id, runnerId(), 1, now, now.plus(lease));
    }
    return got.isEmpty() ? List.of() : FetchWindows.windows(got).get(0);
  }

  /** Runs a claimed fetch window to its end on this thread: fetch, gate, publish. */
  public void run(List<Task> window) {
    try (LogContext logs = LogContext.of(window)) {
      processor.process(window, () -> {});
    }
  }

  /** What the heartbeat thread of a run does: renews the runner slot and the leases of tasks. */
  public void heartbeat(List<Task> claimed) {
    Instant now = deps.clock().instant();
    deps.store().operations().heartbeat(id, runnerId(), now);
    if (!claimed.isEmpty()) {
      deps.store()
          .tasks()
          .renewLeases(
              runnerId(),
              claimed.stream().map(Task::id).toList(),
              now.plus(deps.config().defaults().engine().lease()));
    }
  }

  private Step end(OperationRunner.Outcome outcome) {
    ended = outcome;
    return new Step(List.of(), outcome);
  }

  /** Lets the runner slot go, as a run does when it returns. */
  @Override
  public void close() {
    publisher.close();
    try {
      deps.store().operations().releaseRunner(id, runnerId());
    } catch (AurumException e) {
      // Another runner took the slot over: it is not ours to release.
    }
  }
}
