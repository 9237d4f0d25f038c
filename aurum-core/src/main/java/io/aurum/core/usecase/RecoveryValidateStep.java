package io.aurum.core.usecase;

import io.aurum.core.integrity.Finding;
import java.util.List;
import java.util.Set;

/**
 * A recovery's VALIDATE step: a full damage assessment of the source that finds nothing but what
 * the plan leaves to an operator. Stateless.
 */
final class RecoveryValidateStep {
  private RecoveryValidateStep() {}

  static String run(IntegrityScans scans, RecoveryPlan plan) {
    Set<String> tolerated = RecoveryPlans.tolerated(plan);
    ScanReport report = scans.assess(new DamageAssessRequest(plan.source(), true));
    // A quota window is the state of upstream traffic, which the recovery's own requests move:
    // left to the operator whether or not the plan's report had it.
    List<Finding> left =
        report.findings().stream()
            .filter(f -> f.kind() != io.aurum.core.integrity.Kind.QUOTA_WINDOW)
            .filter(f -> !tolerated.contains(f.kind().label()))
            .toList();
    if (!left.isEmpty()) {
      Finding f = left.get(0);
      throw new Recoveries.GateFailed(
          "the validation found "
              + left.size()
              + " finding(s), first "
              + f.kind().label()
              + (f.dataset() == null ? "" : " " + f.dataset() + " " + f.partitions())
              + ": "
              + f.evidence());
    }
    return "integrity and completeness pass: "
        + report.partitionsScanned()
        + " partition(s), "
        + report.rowsScanned()
        + " rows, "
        + report.checksumsVerified()
        + " checksum(s) verified"
        + (tolerated.isEmpty() ? "" : "; left to an operator: " + tolerated);
  }
}
