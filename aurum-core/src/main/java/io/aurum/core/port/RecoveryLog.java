package io.aurum.core.port;

import java.time.Instant;
import java.util.List;

/**
 * The progress of {@code aurum emergency recover}, per plan and step, shared by every process: a
 * rerun of a plan skips its DONE steps and resumes the operation a RUNNING or FAILED step drove.
 * Every change is one transaction with its audit entry (the actor, the plan id as operation id).
 * Thread-safe.
 */
public interface RecoveryLog {

  /** Where a step stands. */
  enum State {
    RUNNING,
    DONE,
    FAILED
  }

  /** One step's row. */
  record StepRow(
      String planId,
      String stepId,
      String kind,
      State state,
      String operationId,
      String detail,
      String actor,
      String reason,
      Instant startedAt,
      Instant finishedAt) {}

  /** The recorded steps of a plan, in step id order. */
  List<StepRow> steps(String planId);

  /** Marks the step RUNNING (inserting or restarting its row) and audits it. */
  void started(String planId, String stepId, String kind, String actor, String reason);

  /** Records the operation the step drives (kept across a restart of the step). */
  void operation(String planId, String stepId, String operationId);

  /** Marks the step DONE or FAILED with what its gate said, and audits it. */
  void finished(String planId, String stepId, boolean done, String detail, String actor);
}
