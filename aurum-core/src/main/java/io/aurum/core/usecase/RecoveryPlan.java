package io.aurum.core.usecase;

import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code aurum emergency plan} writes and {@code aurum emergency recover} runs: ordered,
 * idempotent steps that repair the damage a {@code emergency assess} report found in one source.
 * {@code planId} names the plan in the store's progress table, so running the same plan again
 * resumes it. {@code unplanned} are the findings left to an operator (with their suggested action):
 * the final validation step tolerates their kinds.
 */
public record RecoveryPlan(
    String planId,
    SourceId source,
    Instant generatedAt,
    Instant damageReportAt,
    List<Step> steps,
    List<Unplanned> unplanned) {

  public RecoveryPlan {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(source, "source");
    steps = List.copyOf(steps);
    unplanned = List.copyOf(unplanned);
  }

  /** What a step does, in the order a plan lists them. */
  public enum StepKind {
    /** Resume a failed or stalled operation of the source (as {@code aurum resume}). */
    RESUME,
    /** Discard the staged leftovers of an operation that ended (as {@code aurum cleanup}). */
    CLEANUP,
    /** Acknowledge audit chain breaks with a new entry each; history is not rewritten. */
    ACKNOWLEDGE_AUDIT_BREAK,
    /**
     * Move the heads of damaged partitions of one dataset back to their last good version, stored
     * and verified clean: no upstream request (a partition rollback).
     */
    ROLLBACK_PARTITIONS,
    /** Re-fetch exactly the damaged partitions of one dataset (a selective replay). */
    REPLAY,
    /** Re-validate the source: integrity and completeness must pass. */
    VALIDATE,
    /** End the isolation of the source (always last). */
    RELEASE_ISOLATION;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static StepKind parse(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One step: its id, kind, scope (datasets and partitions, their first and last day, or the
   * operation it acts on), the precondition checked before it runs, the steps it waits for ({@code
   * dependsOn}; steps whose dependencies are done may run in parallel), the estimated upstream
   * requests and seconds (null when it fetches nothing), the gate that ends it, why, and for a
   * partition rollback the head moves ({@code rollbacks}, empty for other kinds).
   */
  public record Step(
      String id,
      StepKind kind,
      List<String> datasets,
      List<LocalDate> partitions,
      LocalDate start,
      LocalDate end,
      String operationId,
      String precondition,
      List<String> dependsOn,
      Long estimatedRequests,
      Long estimatedSeconds,
      String gate,
      String why,
      List<Move> rollbacks) {

    public Step {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      datasets = datasets == null ? List.of() : List.copyOf(datasets);
      partitions = partitions == null ? List.of() : List.copyOf(partitions);
      dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
      rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
    }

    /** A step that moves no head (every kind but a partition rollback). */
    public Step(
        String id,
        StepKind kind,
        List<String> datasets,
        List<LocalDate> partitions,
        LocalDate start,
        LocalDate end,
        String operationId,
        String precondition,
        List<String> dependsOn,
        Long estimatedRequests,
        Long estimatedSeconds,
        String gate,
        String why) {
      this(
          id,
          kind,
          datasets,
          partitions,
          start,
          end,
          operationId,
          precondition,
          dependsOn,
          estimatedRequests,
          estimatedSeconds,
          gate,
          why,
          List.of());
    }

    /** The scope as shown in a table: the operation, or the dataset and its days. */
    public String scope() {
      if (operationId != null) {
        return "operation " + operationId;
      }
      if (!partitions.isEmpty()) {
        return String.join(",", datasets)
            + " "
            + partitions.size()
            + " partition(s) "
            + start
            + ".."
            + end;
      }
      return datasets.isEmpty() ? "source" : String.join(",", datasets);
    }
  }

  /**
   * One head move of a partition rollback: the head of {@code dataset}'s {@code partition}, planned
   * at version {@code fromVersionNo} (id {@code fromVersionId}), goes back to its earlier version
   * {@code toVersionNo} (id {@code toVersionId}), which verified clean when the plan was made.
   */
  public record Move(
      String dataset,
      LocalDate partition,
      long fromVersionId,
      int fromVersionNo,
      long toVersionId,
      int toVersionNo) {}

  /** A finding the plan does not act on, and what the operator should do about it. */
  public record Unplanned(String kind, String dataset, String evidence, String action) {}

  /** The estimated upstream requests of every step. */
  public long totalRequests() {
    return steps.stream()
        .mapToLong(s -> s.estimatedRequests() == null ? 0 : s.estimatedRequests())
        .sum();
  }

  /** The estimated seconds of every step, as if run one after another. */
  public long totalSeconds() {
    return steps.stream()
        .mapToLong(s -> s.estimatedSeconds() == null ? 0 : s.estimatedSeconds())
        .sum();
  }

  /** The step with this id. */
  public Step step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }
}
