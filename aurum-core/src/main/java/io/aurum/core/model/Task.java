package io.aurum.core.model;

import java.time.Instant;

/**
 * One partition (or window of a partition) of one operation. Tasks with the same {@code fetchGroup}
 * form one fetch window (docs/architecture.md, "Fetch windows"): they are claimed together and
 * fetched by one run of upstream requests, then each is published on its own. {@code baseVersionId}
 * is the head the task was planned against (null when there was none): publishing compares-and-sets
 * from it. {@code window} is a JSON description of a partial window, or null for the whole
 * partition.
 */
public record Task(
    long id,
    String operationId,
    PartitionKey partition,
    String window,
    TaskState state,
    Priority priority,
    int attempts,
    Instant nextAttemptAt,
    String leaseOwner,
    Instant leaseUntil,
    String lastError,
    Long baseVersionId,
    Long versionId,
    Counters counters,
    long fetchGroup) {}
