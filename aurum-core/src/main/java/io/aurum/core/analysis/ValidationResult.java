package io.aurum.core.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code aurum validate} run: per-partition findings, per-partition scores where
 * the validation scores, an overall score and the verdict against the threshold.
 */
public record ValidationResult(
    String validation,
    int checked,
    List<Finding> findings,
    List<PartitionScore> scores,
    double score,
    double threshold,
    boolean passed,
    Map<String, String> notes) {

  /** One defect of one partition (period null: dataset- or operation-level). */
  public record Finding(String dataset, LocalDate period, String check, String message) {}

  /** The quality of one partition's head version. */
  public record PartitionScore(
      String dataset, LocalDate period, long versionId, double score, Map<String, Double> checks) {}

  public ValidationResult {
    findings = List.copyOf(findings);
    scores = List.copyOf(scores);
    notes = Map.copyOf(notes);
  }

  public String verdict() {
    return passed ? "PASS" : "FAIL";
  }
}
