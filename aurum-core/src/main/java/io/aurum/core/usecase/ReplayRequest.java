package io.aurum.core.usecase;

import io.aurum.core.error.Vocabulary;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A replay as asked (runbook §2.4–§2.5): the source, an inclusive date range and its datasets
 * (none: all), what kind of replay it is (null: a plain refetch), the vintage date of sources that
 * keep vintages ({@code asOf}), the scripts it applies, its publish threshold, concurrency and
 * conflict strategy (null: the defaults of {@code operation_defaults.json}), priority and the
 * reason kept in the audit trail. {@code qualityProfile} and {@code algorithm} are named alongside
 * the kind: the profile is checked whatever the kind, an algorithm without a kind is applied with
 * its default parameters. Validated by {@link Replays#prepare}.
 */
public record ReplayRequest(
    SourceId source,
    LocalDate start,
    LocalDate end,
    List<String> datasets,
    LocalDate asOf,
    Kind kind,
    String qualityProfile,
    Kind.AlgorithmUpdate algorithm,
    Script customTransform,
    Script validationScript,
    Double threshold,
    Integer concurrency,
    String strategy,
    Priority priority,
    String reason,
    Origin origin) {

  public ReplayRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    priority = priority == null ? Priority.NORMAL : priority;
    origin = origin == null ? Vocabulary.CONCEPTS : origin;
  }

  /** A plain replay of every dataset with every default. */
  public static ReplayRequest of(SourceId source, LocalDate start, LocalDate end, String reason) {
    return plain(source, start, end, List.of(), null, reason);
  }

  /**
   * A plain refetch of {@code datasets} (empty: all) over {@code start..end}: no kind, vintage or
   * script, the defaults of {@code operation_defaults.json}, at {@code priority} (null: normal).
   */
  public static ReplayRequest plain(
      SourceId source,
      LocalDate start,
      LocalDate end,
      List<String> datasets,
      Priority priority,
      String reason) {
    return new ReplayRequest(
        source, start, end, datasets, null, null, null, null, null, null, null, null, null,
        priority, reason, null);
  }

  /** What a typed replay changes; its {@link #type} is how files and flags name it. */
  public sealed interface Kind
      permits Kind.SchemaCorrection, Kind.QualityImprovement, Kind.AlgorithmUpdate {
    String type();

    /** Rows migrated to {@code schemaVersion} by the {@code migration} script; both needed. */
    record SchemaCorrection(String schemaVersion, Script migration) implements Kind {
      @Override
      public String type() {
        return "schema_correction";
      }
    }

    /** Published again through the gate of {@code profile} (null: {@code default}). */
    record QualityImprovement(String profile) implements Kind {
      @Override
      public String type() {
        return "quality_improvement";
      }
    }

    /** Recomputed with an algorithm version and its parameters ({@code name=number,…}). */
    record AlgorithmUpdate(String algorithm, String params) implements Kind {
      @Override
      public String type() {
        return "algorithm_update";
      }
    }
  }
}
