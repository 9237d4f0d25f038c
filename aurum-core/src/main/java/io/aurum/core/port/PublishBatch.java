package io.aurum.core.port;

import io.aurum.core.model.Task;
import java.util.List;

/**
 * What one group-commit transaction did: a result per publish request, in order, and the tasks
 * claimed in the same transaction (empty when none was asked for or none was due).
 */
public record PublishBatch(List<PublishResult> results, List<Task> claimed) {
  public PublishBatch {
    results = List.copyOf(results);
    claimed = List.copyOf(claimed);
  }
}
