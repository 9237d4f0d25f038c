package io.aurum.core.model;

import java.time.Instant;

/**
 * A backfill, replay, partial reprocess, ingest, rollback or recovery. Counters are not stored
 * here: they are the sum over the operation's tasks ({@link OperationProgress}).
 */
public record Operation(
    String id,
    OperationType type,
    SourceId source,
    OperationState state,
    Priority priority,
    String reason,
    String actor,
    OperationSpec spec,
    Instant createdAt,
    Instant updatedAt,
    String runnerId,
    Instant runnerHeartbeatAt,
    String lastError) {}
