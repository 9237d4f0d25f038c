package io.aurum.core.model;

import io.aurum.core.error.AurumException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Lifecycle of an operation: PLANNED → RUNNING ⇄ PAUSED → SUCCEEDED | FAILED | CANCELLED. */
public enum OperationState {
  PLANNED,
  RUNNING,
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  ROLLED_BACK;

  private static final Map<OperationState, Set<OperationState>> ALLOWED =
      Map.of(
          PLANNED, EnumSet.of(RUNNING, CANCELLED),
          RUNNING, EnumSet.of(PAUSED, SUCCEEDED, FAILED, CANCELLED),
          PAUSED, EnumSet.of(RUNNING, CANCELLED),
          // A failed operation may be resumed to retry its failed tasks.
          FAILED, EnumSet.of(RUNNING, ROLLED_BACK),
          SUCCEEDED, EnumSet.of(ROLLED_BACK),
          CANCELLED, EnumSet.of(ROLLED_BACK),
          ROLLED_BACK, EnumSet.noneOf(OperationState.class));

  public boolean canMoveTo(OperationState next) {
    return ALLOWED.get(this).contains(next);
  }

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == ROLLED_BACK;
  }

  /** Throws {@link AurumException.IllegalStateChange} unless the move is in the table. */
  public void checkMoveTo(OperationState next, String operationId) {
    if (!canMoveTo(next)) {
      throw new AurumException.IllegalStateChange(
          "operation " + operationId + " is " + this + " and cannot become " + next);
    }
  }
}
