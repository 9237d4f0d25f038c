package io.aurum.core.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Lifecycle of a task: PENDING → RUNNING (leased) → SUCCEEDED | FAILED | SKIPPED | CANCELLED. */
public enum TaskState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELLED;

  private static final Map<TaskState, Set<TaskState>> ALLOWED =
      Map.of(
          PENDING, EnumSet.of(RUNNING, SKIPPED, CANCELLED),
          // RUNNING → PENDING: a retry later, a released lease, or a crashed runner.
          RUNNING, EnumSet.of(PENDING, SUCCEEDED, FAILED, SKIPPED, CANCELLED),
          // FAILED → PENDING: resuming a failed operation retries its failed tasks.
          FAILED, EnumSet.of(PENDING),
          SUCCEEDED, EnumSet.noneOf(TaskState.class),
          SKIPPED, EnumSet.noneOf(TaskState.class),
          CANCELLED, EnumSet.of(PENDING));

  public boolean canMoveTo(TaskState next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
  }
}
