package io.aurum.core.quality;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * A named set of checks with their weights and thresholds, from {@code quality_profiles.json}. The
 * score of a partition is the product of its check scores, each raised to the check's weight: a
 * weight of 1 lets that check alone pull the score to 0, a smaller weight softens it. {@code
 * driftTolerance} is the largest relative change of a value against the previous version that is
 * not a finding (null: drift is not checked).
 */
public record QualityProfile(
    String name,
    Map<QualityCheck, Double> weights,
    double threshold,
    Double driftTolerance,
    int maxFindingsPerCheck) {

  public static final int DEFAULT_MAX_FINDINGS = 50;

  /** Built-in {@code standard}: completeness, accuracy, consistency; publish at 0.5. */
  public static final QualityProfile STANDARD =
      new QualityProfile(
          "standard",
          Map.of(
              QualityCheck.COMPLETENESS, 1.0,
              QualityCheck.ACCURACY, 1.0,
              QualityCheck.CONSISTENCY, 1.0),
          0.5,
          null,
          DEFAULT_MAX_FINDINGS);

  /** Built-in {@code enhanced_validation}: all four checks, drift beyond 50 %, publish at 0.9. */
  public static final QualityProfile ENHANCED =
      new QualityProfile(
          "enhanced_validation",
          Map.of(
              QualityCheck.COMPLETENESS, 1.0,
              QualityCheck.ACCURACY, 1.0,
              QualityCheck.CONSISTENCY, 1.0,
              QualityCheck.TIMELINESS, 0.5),
          0.9,
          0.5,
          DEFAULT_MAX_FINDINGS);

  public QualityProfile {
    weights = Map.copyOf(new EnumMap<>(weights));
    if (threshold < 0 || threshold > 1) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    for (Map.Entry<QualityCheck, Double> e : weights.entrySet()) {
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(
            "weight of " + e.getKey().cliName() + " must not be negative");
      }
    }
    if (driftTolerance != null && driftTolerance <= 0) {
      throw new IllegalArgumentException("drift_tolerance must be above 0");
    }
    if (maxFindingsPerCheck <= 0) {
      throw new IllegalArgumentException("max_findings_per_check must be above 0");
    }
  }

  public Set<QualityCheck> checks() {
    return weights.keySet();
  }

  public boolean enabled(QualityCheck c) {
    return weights.containsKey(c);
  }

  /** The same profile restricted to {@code only} (e.g. {@code --checks accuracy}). */
  public QualityProfile restrictedTo(Set<QualityCheck> only) {
    Map<QualityCheck, Double> w = new EnumMap<>(QualityCheck.class);
    for (QualityCheck c : only) {
      w.put(c, weights.getOrDefault(c, 1.0));
    }
    return new QualityProfile(
        name,
        w,
        threshold,
        only.contains(QualityCheck.CONSISTENCY) ? driftTolerance : null,
        maxFindingsPerCheck);
  }
}
