package io.aurum.core.port;

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
}
