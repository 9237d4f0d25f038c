package io.aurum.core.engine;

import io.aurum.core.model.Task;
import io.aurum.core.port.PublishResult;

/** Hears what the engine does, for logs and progress. Called from worker threads. */
public interface EngineListener {
  default void taskPublished(Task task, long versionId, long records) {}

  default void taskRetrying(Task task, String reason, java.time.Duration delay) {}

  default void taskFailed(Task task, String reason) {}

  default void taskSkipped(Task task, String reason) {}

  /**
   * The store refused the task's publish because this runner's lease on it was taken over (or the
   * task had already ended): nothing was written, and the task is left to its new holder.
   */
  default void taskFenced(Task task, PublishResult.Fenced fenced) {}

  EngineListener NONE = new EngineListener() {};
}
