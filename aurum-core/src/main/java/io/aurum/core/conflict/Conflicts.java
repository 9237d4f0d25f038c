package io.aurum.core.conflict;

import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Runbook §3.5.1: what a conflict detection found, as values. {@link ConflictDetector} finds them,
 * {@link ObservationDiff} compares two versions value by value, {@link ConflictFile} writes and
 * reads the conflict file, and {@link ConflictResolver} resolves its entries by a strategy.
 */
public final class Conflicts {
  private Conflicts() {}

  /** One value that differs: null on a side where the observation is absent. */
  public record Difference(String series, Instant period, Double head, Double candidate) {}

  /** A partition whose head and candidate differ, value by value. */
  public record Conflict(
      PartitionKey partition,
      PartitionVersion head,
      PartitionVersion candidate,
      List<Difference> differences) {}

  /** Operations that wrote versions of a partition, and operations with pending tasks on it. */
  public record Overlap(PartitionKey partition, List<String> wrote, List<String> pending) {}

  public record Report(
      SourceId source,
      LocalDate date,
      String hours,
      List<Conflict> conflicts,
      List<Overlap> overlaps) {
    public int differences() {
      return conflicts.stream().mapToInt(c -> c.differences().size()).sum();
    }
  }
}
