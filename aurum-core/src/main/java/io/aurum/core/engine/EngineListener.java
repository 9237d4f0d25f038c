package io.aurum.core.engine;

import io.aurum.core.model.Task;

/** Hears what the engine does, for logs and progress. Called from worker threads. */
public interface EngineListener {
  default void taskPublished(Task task, long versionId, long records) {}

  default void taskRetrying(Task task, String reason, java.time.Duration delay) {}

  default void taskFailed(Task task, String reason) {}

  default void taskSkipped(Task task, String reason) {}

  EngineListener NONE = new EngineListener() {};
}
