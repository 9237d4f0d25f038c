package io.aurum.core.port;

import io.aurum.core.model.TaskState;

/** What became of a {@link PublishRequest}. An expected race is a value, not an exception. */
public sealed interface PublishResult {
  long taskId();

  /** The version is the new head; {@code supersededVersionId} is the old head, or null. */
  record Published(long taskId, long versionId, int versionNo, Long supersededVersionId)
      implements PublishResult {}

  /** The head moved since the task planned; nothing was written for this request. */
  record Conflict(long taskId, Long currentHeadVersionId) implements PublishResult {}

  /** The version failed its quality gate: kept as QUARANTINED, head untouched, task FAILED. */
  record Quarantined(long taskId, long versionId) implements PublishResult {}

  /**
   * The task is no longer RUNNING under the request's lease owner (its lease expired and another
   * runner reclaimed it, or it already ended): nothing was written for this request, and the task
   * belongs to whoever holds it now. {@code state} and {@code leaseOwner} are the task's as the
   * store found them ({@code state} null: no such task).
   */
  record Fenced(long taskId, TaskState state, String leaseOwner) implements PublishResult {}
}
