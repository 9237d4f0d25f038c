package io.aurum.core.model;

import java.util.Map;

/** Task counts per state and counters summed over an operation's tasks. */
public record OperationProgress(Map<TaskState, Integer> tasksByState, Counters counters) {
  public int total() {
    return tasksByState.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int count(TaskState s) {
    return tasksByState.getOrDefault(s, 0);
  }

  public int finished() {
    return count(TaskState.SUCCEEDED)
        + count(TaskState.FAILED)
        + count(TaskState.SKIPPED)
        + count(TaskState.CANCELLED);
  }
}
