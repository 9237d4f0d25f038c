package io.aurum.core.model;

/**
 * A task to be created with its operation: the partition, optional window and planned-against head.
 */
public record TaskDraft(PartitionKey partition, String window, Long baseVersionId) {}
