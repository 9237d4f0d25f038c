package io.aurum.core.usecase;

import io.aurum.core.error.Vocabulary;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A partial reprocess as asked (runbook §3.3–§3.4): the source, what of it ({@link Scope}), its
 * datasets (none: all, or the intraday ones for hours and time ranges), the {@link Tuning} (its
 * concurrency, batch size and retries; retries are the attempts less one, null the default), its
 * priority and reason, a validation script, a rollback plan ("Rollback to previous version if
 * quality &lt; 0.9"), conflict strategy and publish threshold. Validated by {@link
 * Reprocesses#prepare}.
 */
public record ReprocessRequest(
    SourceId source,
    Scope scope,
    List<String> datasets,
    Tuning tuning,
    Priority priority,
    String reason,
    Script validationScript,
    String rollbackPlan,
    String strategy,
    Double threshold,
    Origin origin) {

  public ReprocessRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(scope, "scope");
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    tuning = tuning == null ? Tuning.DEFAULTS : tuning;
    priority = priority == null ? Priority.NORMAL : priority;
    origin = origin == null ? Vocabulary.CONCEPTS : origin;
  }

  /** A request of that scope with every default. */
  public static ReprocessRequest of(SourceId source, Scope scope, List<String> datasets) {
    return new ReprocessRequest(
        source, scope, datasets, null, null, null, null, null, null, null, null);
  }

  /** What is reprocessed; a null field is one the user did not give. */
  public sealed interface Scope
      permits Scope.TimeWindow,
          Scope.TimeRange,
          Scope.Datasets,
          Scope.FailedRecords,
          Scope.Incremental {
    /** How flags and files name the scope. */
    String type();

    /** Some local hours of one day ({@code 14,15,16} or {@code 10-16}, as written). */
    record TimeWindow(LocalDate date, String hours) implements Scope {
      @Override
      public String type() {
        return "time_window";
      }
    }

    /** The hours from {@code start} (inclusive) to {@code end} (exclusive), local time. */
    record TimeRange(LocalDateTime start, LocalDateTime end) implements Scope {
      @Override
      public String type() {
        return "time_range";
      }
    }

    /** Whole partitions of the named datasets on one day. */
    record Datasets(LocalDate date) implements Scope {
      @Override
      public String type() {
        return "datasets";
      }
    }

    /**
     * The partitions a failure log lists ({@code log}: its name, null when none was given), those
     * of the source and datasets asked, each once.
     */
    record FailedRecords(String log, List<Failed> entries) implements Scope {
      public FailedRecords {
        entries = entries == null ? List.of() : List.copyOf(entries);
      }

      @Override
      public String type() {
        return "failed_records";
      }
    }

    /** Records of the base date whose {@code field} changed since they were published. */
    record Incremental(LocalDate baseDate, String field) implements Scope {
      @Override
      public String type() {
        return "incremental";
      }
    }
  }

  /**
   * One entry of a failure log, as written: partition is {@code YYYY-MM-DD}, window may be null.
   */
  public record Failed(String source, String dataset, String partition, String window) {}
}
