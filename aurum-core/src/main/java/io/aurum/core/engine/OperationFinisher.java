package io.aurum.core.engine;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.TaskState;

/**
 * Ends an operation that has nothing left to run, SUCCEEDED or FAILED by its tasks, for the run
 * loop and {@link OperationStepper}. Thread-safe: it holds no state of its own.
 */
final class OperationFinisher {
  private final OperationRunner.Dependencies deps;

  OperationFinisher(OperationRunner.Dependencies deps) {
    this.deps = deps;
  }

  /** Nothing is left to run: the operation ends SUCCEEDED, or FAILED if a task failed. */
  OperationRunner.Outcome finish(String id) {
    // Nothing is in flight: staged versions left by skipped conflicts can go.
    deps.store().versions().discardStaged(id);
    OperationProgress p = deps.store().operations().progress(id);
    boolean failed = p.count(TaskState.FAILED) > 0;
    OperationState to = failed ? OperationState.FAILED : OperationState.SUCCEEDED;
    String detail =
        p.count(TaskState.SUCCEEDED)
            + " task(s) succeeded, "
            + p.count(TaskState.FAILED)
            + " failed, "
            + p.count(TaskState.SKIPPED)
            + " skipped";
    if (!deps.store().operations().transition(id, OperationState.RUNNING, to, "engine", detail)) {
      // Someone paused or cancelled it at the last moment: report what it is now.
      Operation now =
          deps.store().operations().find(id).orElseThrow(() -> OperationRunner.notFound(id));
      return switch (now.state()) {
        case PAUSED -> OperationRunner.Outcome.PAUSED;
        case CANCELLED -> OperationRunner.Outcome.CANCELLED;
        case SUCCEEDED -> OperationRunner.Outcome.SUCCEEDED;
        default -> OperationRunner.Outcome.FAILED;
      };
    }
    return failed ? OperationRunner.Outcome.FAILED : OperationRunner.Outcome.SUCCEEDED;
  }
}
