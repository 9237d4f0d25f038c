package io.aurum.core.engine;

import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.quality.QualityGate;
import io.aurum.core.quality.QualityReport;
import io.aurum.core.transform.TransformChain;

/**
 * What the parts of one operation's {@link TaskProcessor} share: the operation, its dependencies,
 * the live progress and the settings adjusted live. Thread-safe: the live settings are volatile.
 */
final class TaskContext {
  final OperationRunner.Dependencies deps;
  final GroupCommitPublisher publisher;
  final LiveProgress progress;
  final Operation op;
  volatile QualityGate gate;
  // Issue 5: the operation's transforms (replay types, migrations, algorithms) and provenance.
  final TransformChain chain;
  volatile OperationSpec spec;
  volatile RetryPolicy retry;
  volatile boolean cancelled;
  // Raised by aurum emergency monitor: enhanced validation on every task.
  volatile MonitorLevel monitor = MonitorLevel.NORMAL;

  TaskContext(
      OperationRunner.Dependencies deps,
      GroupCommitPublisher publisher,
      LiveProgress progress,
      Operation op) {
    this.deps = deps;
    this.publisher = publisher;
    this.progress = progress;
    this.op = op;
    this.gate = QualityGate.forOperation(deps.config(), op);
    this.chain = TransformChain.of(op);
  }

  PublishDecision.Quality quality(QualityReport verdict) {
    return gate.passes(verdict) && !monitor.holds(verdict)
        ? PublishDecision.Quality.PASSED
        : PublishDecision.Quality.FAILED;
  }

  ConflictStrategy strategy() {
    return ConflictStrategy.parse(
        spec.conflictStrategy() == null ? "latest_wins" : spec.conflictStrategy());
  }
}
