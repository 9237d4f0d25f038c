package io.aurum.core.engine;

import io.aurum.core.model.Task;
import java.util.List;
import java.util.Map;

/**
 * Groups claimed tasks into the fetch windows a worker runs, for the run loop and {@link
 * OperationStepper}. Thread-safe: static and stateless.
 */
final class FetchWindows {
  private FetchWindows() {}

  /**
   * Claimed tasks as fetch windows: tasks of one fetch group, the windows in the claim's order
   * (priority, then id) and each window's tasks in period order.
   */
  static List<List<Task>> windows(List<Task> claimed) {
    Map<Long, List<Task>> byGroup = new java.util.LinkedHashMap<>();
    for (Task t : claimed) {
      byGroup.computeIfAbsent(t.fetchGroup(), g -> new java.util.ArrayList<>()).add(t);
    }
    List<List<Task>> out = new java.util.ArrayList<>(byGroup.size());
    for (List<Task> w : byGroup.values()) {
      if (w.size() > 1) {
        w.sort(java.util.Comparator.comparing((Task t) -> t.partition().period()));
      }
      out.add(w);
    }
    return out;
  }
}
