package io.aurum.core.usecase;

import java.util.Objects;

/**
 * {@code aurum emergency recover}: the plan, how many independent steps may run at once ({@code
 * parallelism}: 1 runs them one after another), whether a validation gate runs after each step,
 * whether only to show what would run, and the reason kept in the audit trail (may be null).
 */
public record RecoverRequest(
    RecoveryPlan plan, int parallelism, boolean validateEachStep, boolean dryRun, String reason) {

  public RecoverRequest {
    Objects.requireNonNull(plan, "plan");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism " + parallelism);
    }
  }
}
