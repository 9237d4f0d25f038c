package io.aurum.core.quality;

import io.aurum.core.model.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the quality engine found in the rows of one partition or window: a score per check, the
 * combined score, counts of each defect and the first findings of each check. {@code rows} are the
 * rows to keep: in the window, of known series, de-duplicated (last wins), in canonical order.
 * {@code rejected} are the rows that are never data ({@link Plausibility}: not finite, or outside
 * the dataset's plausible bounds), each with its reason; they are counted as invalid, not kept.
 */
public record QualityReport(
    Instant from,
    Instant to,
    List<Observation> rows,
    int expected,
    int present,
    Map<QualityCheck, Double> scores,
    double score,
    Defects defects,
    List<Finding> findings,
    List<Plausibility.Rejected> rejected) {

  /** One defect: the check it fails, where (series, period; null when not row-level) and what. */
  public record Finding(QualityCheck check, String seriesId, Instant period, String message) {}

  /**
   * How many rows failed each test. {@code notANumber} counts the non-finite values (rejected),
   * {@code outOfRange} those outside the quality range or the plausible bounds (the latter
   * rejected).
   */
  public record Defects(
      int missing,
      int invalid,
      int notANumber,
      int outOfRange,
      int wrongUnit,
      int duplicates,
      int misaligned,
      int unknownSeries,
      int drifted) {
    public int total() {
      return missing + invalid + duplicates + misaligned + unknownSeries + drifted;
    }
  }

  public QualityReport {
    rows = List.copyOf(rows);
    scores = Map.copyOf(scores);
    findings = List.copyOf(findings);
    rejected = List.copyOf(rejected);
  }

  public double completeness() {
    return expected == 0 ? 1.0 : Math.min(1.0, (double) present / expected);
  }

  /** Every expected row is present. */
  public boolean complete() {
    return present >= expected;
  }

  public boolean passes(double threshold) {
    return score >= threshold;
  }

  public double scoreOf(QualityCheck c) {
    return scores.getOrDefault(c, 1.0);
  }

  public String describe() {
    return String.format(
        "quality %.3f (completeness %.3f: %d of %d rows; %d invalid (%d rejected), %d duplicate,"
            + " %d misaligned, %d unknown series, %d drifted)",
        score,
        completeness(),
        present,
        expected,
        defects.invalid(),
        rejected.size(),
        defects.duplicates(),
        defects.misaligned(),
        defects.unknownSeries(),
        defects.drifted());
  }
}
