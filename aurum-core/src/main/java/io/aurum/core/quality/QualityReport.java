package io.aurum.core.quality;

import io.aurum.core.model.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the quality engine found in the rows of one partition or window: a score per check, the
 * combined score, counts of each defect and the first findings of each check. {@code rows} are the
 * rows to keep: in the window, of known series, de-duplicated (last wins), in canonical order.
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
    List<Finding> findings) {

  /** One defect: the check it fails, where (series, period; null when not row-level) and what. */
  public record Finding(QualityCheck check, String seriesId, Instant period, String message) {}

  /** How many rows failed each test. */
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
        "quality %.3f (completeness %.3f: %d of %d rows; %d invalid, %d duplicate, %d misaligned,"
            + " %d unknown series, %d drifted)",
        score,
        completeness(),
        present,
        expected,
        defects.invalid(),
        defects.duplicates(),
        defects.misaligned(),
        defects.unknownSeries(),
        defects.drifted());
  }
}
