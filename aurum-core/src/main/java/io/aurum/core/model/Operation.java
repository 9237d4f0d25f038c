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
    String lastError,
    RunnerOwner owner) {

  /** An operation no process holds, or whose owner is not recorded. */
  public Operation(
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
      String lastError) {
    this(
        id,
        type,
        source,
        state,
        priority,
        reason,
        actor,
        spec,
        createdAt,
        updatedAt,
        runnerId,
        runnerHeartbeatAt,
        lastError,
        null);
  }

  /** A new PLANNED operation, created now, with no runner yet. */
  public static Operation planned(
      String id,
      OperationType type,
      OperationSpec spec,
      Priority priority,
      String reason,
      String actor,
      Instant now) {
    return new Operation(
        id,
        type,
        spec.source(),
        OperationState.PLANNED,
        priority,
        reason,
        actor,
        spec,
        now,
        now,
        null,
        null,
        null);
  }

  /** The same operation with another spec (live adjustment). */
  public Operation withSpec(OperationSpec next) {
    return new Operation(
        id,
        type,
        source,
        state,
        priority,
        reason,
        actor,
        next,
        createdAt,
        updatedAt,
        runnerId,
        runnerHeartbeatAt,
        lastError,
        owner);
  }
}
