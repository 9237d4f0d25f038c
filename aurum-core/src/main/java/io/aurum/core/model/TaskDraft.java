package io.aurum.core.model;

/**
 * A task to be created with its operation: the partition, optional window and planned-against head,
 * and the fetch window it belongs to ({@code fetchGroup}, an ordinal within the operation; {@link
 * #UNGROUPED} gives the task a window of its own).
 */
public record TaskDraft(PartitionKey partition, String window, Long baseVersionId, int fetchGroup) {
  public static final int UNGROUPED = -1;

  public TaskDraft(PartitionKey partition, String window, Long baseVersionId) {
    this(partition, window, baseVersionId, UNGROUPED);
  }

  public TaskDraft inGroup(int group) {
    return new TaskDraft(partition, window, baseVersionId, group);
  }
}
