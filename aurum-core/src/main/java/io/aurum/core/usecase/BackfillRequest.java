package io.aurum.core.usecase;

import io.aurum.core.error.Vocabulary;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A backfill as asked: the source, an inclusive date range, the datasets (none: every dataset of
 * the source), the {@link Tuning}, whether covered partitions are fetched again ({@code force}),
 * its priority, the reason kept in the audit trail and the quality profile of its publish gate
 * (null: the default). {@code origin} names a rejected value the way its user wrote it. Validated
 * against the configuration by {@link Backfills#prepare}; the record itself only refuses what no
 * configuration could make right.
 */
public record BackfillRequest(
    SourceId source,
    LocalDate start,
    LocalDate end,
    List<String> datasets,
    Tuning tuning,
    boolean force,
    Priority priority,
    String reason,
    String qualityProfile,
    Origin origin) {

  public BackfillRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    tuning = tuning == null ? Tuning.DEFAULTS : tuning;
    priority = priority == null ? Priority.NORMAL : priority;
    origin = origin == null ? Vocabulary.CONCEPTS : origin;
  }

  /** A request with every default: the source, the range, all datasets. */
  public static BackfillRequest of(SourceId source, LocalDate start, LocalDate end) {
    return new BackfillRequest(
        source, start, end, List.of(), Tuning.DEFAULTS, false, null, null, null, null);
  }

  public BackfillRequest withForce(boolean f) {
    return new BackfillRequest(
        source, start, end, datasets, tuning, f, priority, reason, qualityProfile, origin);
  }
}
