package io.aurum.core.usecase;

import io.aurum.core.analysis.Validator;
import io.aurum.core.error.AurumException;
import io.aurum.core.quality.QualityCheck;
import io.aurum.core.quality.QualityProfile;
import io.aurum.core.request.Origin;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of the post-operation validations (runbook §1.6, §2.7): which thresholds are valid,
 * which checks a validation runs, and the quality profile a validation is asked to apply. A bad
 * value is named the way its {@link Origin} wrote it. Stateless.
 */
public final class Validations {
  private Validations() {}

  /** {@code threshold} when it is a share in [0, 1]; bad input otherwise. */
  public static double threshold(double threshold, Origin origin) {
    if (threshold < 0 || threshold > 1) {
      throw new AurumException.BadInput(
          origin.name("threshold") + " must be in [0, 1], got " + threshold);
    }
    return threshold;
  }

  /** The quality checks named in {@code names}; bad input at the first unknown one. */
  public static Set<QualityCheck> qualityChecks(List<String> names) {
    return names.stream().map(QualityCheck::parse).collect(Collectors.toSet());
  }

  /**
   * {@code base} restricted to {@code checks} (all of its own when empty), with {@code threshold}
   * instead of its own when not null.
   */
  public static QualityProfile profile(
      QualityProfile base, List<String> checks, Double threshold, Origin origin) {
    QualityProfile p = checks.isEmpty() ? base : base.restrictedTo(qualityChecks(checks));
    if (threshold == null) {
      return p;
    }
    return new QualityProfile(
        p.name(),
        p.weights(),
        threshold(threshold, origin),
        p.driftTolerance(),
        p.maxFindingsPerCheck());
  }

  /**
   * The integrity checks named in {@code names} (any case, trimmed), in order, and the checksums,
   * which always run; bad input at the first unknown one.
   */
  public static Set<String> integrityChecks(List<String> names) {
    Set<String> set = new LinkedHashSet<>();
    for (String c : names) {
      String check = c.trim().toLowerCase(Locale.ROOT);
      if (!Validator.INTEGRITY_CHECKS.contains(check)) {
        throw new AurumException.BadInput(
            "unknown integrity check '" + c + "': use schema, completeness, relationships");
      }
      set.add(check);
    }
    set.add("checksums");
    return set;
  }

  /**
   * The operation checks named in {@code names}, or every one when they include {@code all}; bad
   * input at the first unknown one.
   */
  public static Set<String> operationChecks(List<String> names) {
    for (String c : names) {
      if (!c.equals("all") && !Validator.OPERATION_CHECKS.contains(c)) {
        throw new AurumException.BadInput(
            "unknown validation check '"
                + c
                + "': use all or "
                + String.join(", ", Validator.OPERATION_CHECKS));
      }
    }
    return names.contains("all")
        ? new LinkedHashSet<>(Validator.OPERATION_CHECKS)
        : new LinkedHashSet<>(names);
  }
}
