package io.aurum.core.model;

import java.time.Instant;

/**
 * The published version of a partition. {@code complete} is the coverage flag: the head's
 * completeness passed, so the partition counts as covered for gap analysis and planning.
 */
public record Head(
    PartitionKey partition,
    long versionId,
    String operationId,
    long recordCount,
    boolean complete,
    Instant updatedAt) {}
