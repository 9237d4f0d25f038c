package io.aurum.core.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code aurum validate} run: per-partition findings, per-partition scores where
 * the validation scores, an overall score and the verdict against the threshold. {@code
 * incomplete}: an operation still has unfinished work in the scope, so a clean result would not
 * mean the data is whole (never passed).
 */
public record ValidationResult(
    String validation,
    int checked,
    List<Finding> findings,
    List<PartitionScore> scores,
    double score,
    double threshold,
    boolean passed,
    Map<String, String> notes,
    boolean incomplete) {

  /** One defect of one partition (period null: dataset- or operation-level). */
  public record Finding(String dataset, LocalDate period, String check, String message) {}

  /** The quality of one partition's head version. */
  public record PartitionScore(
      String dataset, LocalDate period, long versionId, double score, Map<String, Double> checks) {}

  public ValidationResult {
    findings = List.copyOf(findings);
    scores = List.copyOf(scores);
    notes = Map.copyOf(notes);
    if (incomplete && passed) {
      throw new IllegalArgumentException("an incomplete validation cannot pass");
    }
  }

  public ValidationResult(
      String validation,
      int checked,
      List<Finding> findings,
      List<PartitionScore> scores,
      double score,
      double threshold,
      boolean passed,
      Map<String, String> notes) {
    this(validation, checked, findings, scores, score, threshold, passed, notes, false);
  }

  /** PASS, FAIL, or INCOMPLETE when nothing failed but work in the scope is unfinished. */
  public String verdict() {
    if (passed) {
      return "PASS";
    }
    return incomplete && findings.isEmpty() ? "INCOMPLETE" : "FAIL";
  }
}
