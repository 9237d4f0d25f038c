package io.aurum.core.usecase;

import io.aurum.core.estimate.Estimator;
import io.aurum.core.integrity.Finding;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.RecoveryPlan.Step;
import io.aurum.core.usecase.RecoveryPlan.StepKind;
import java.time.LocalDate;
import java.util.List;

/**
 * The steps of a {@link RecoveryPlan}, one builder per step kind: what each needs first, what its
 * gate checks and why it is there. Stateless.
 */
final class RecoverySteps {
  private RecoverySteps() {}

  static Step resume(String id, Operation op, Finding f, Estimator.Estimate est) {
    return new Step(
        id,
        StepKind.RESUME,
        op.spec().datasets(),
        List.of(),
        op.spec().startDate(),
        op.spec().endDate(),
        op.id(),
        "operation "
            + op.id()
            + " is FAILED, PAUSED or RUNNING without a heartbeat (SUCCEEDED: nothing to do);"
            + " no emergency STOP covers it",
        List.of(),
        est == null ? null : est.apiCalls(),
        est == null ? null : est.duration().toSeconds(),
        "operation " + op.id() + " SUCCEEDED",
        f.kind().label() + ": " + f.evidence());
  }

  static Step cleanup(String id, String operationId, Finding f) {
    return new Step(
        id,
        StepKind.CLEANUP,
        f.dataset() == null ? List.of() : List.of(f.dataset()),
        f.partitions(),
        first(f.partitions()),
        last(f.partitions()),
        operationId,
        "operation " + operationId + " has ended (succeeded, failed or cancelled)",
        List.of(),
        null,
        null,
        "no staged version of operation " + operationId + " is left",
        f.kind().label() + ": " + f.evidence());
  }

  static Step acknowledgeAuditBreak(String id, Finding firstBreak) {
    return new Step(
        id,
        StepKind.ACKNOWLEDGE_AUDIT_BREAK,
        List.of(),
        List.of(),
        null,
        null,
        null,
        "aurum audit verify fails on an entry edited outside Aurum",
        List.of(),
        null,
        null,
        "aurum audit verify passes; the edited entries stay, each acknowledged by an"
            + " audit.break_acknowledged entry",
        firstBreak.evidence());
  }

  /** {@code cost}: the estimated requests and seconds, {@link ReplayEstimate#of}. */
  static Step replay(
      String id,
      SourceId source,
      String dataset,
      List<LocalDate> days,
      List<String> before,
      long[] cost) {
    return new Step(
        id,
        StepKind.REPLAY,
        List.of(dataset),
        days,
        days.get(0),
        days.get(days.size() - 1),
        null,
        "no emergency STOP covers "
            + source.cliName()
            + " and no live operation holds these partitions (an isolation of the source"
            + " does not stop a recovery replay; its outbox rows stay held)",
        before,
        cost[0],
        cost[1],
        "the replay SUCCEEDED and an integrity scan (checksums, schema, completeness,"
            + " accuracy) finds none of these partitions damaged",
        "re-fetch (selective replay) of the damaged partitions of " + dataset);
  }

  static Step validate(String id, SourceId source, List<String> datasets, List<String> all) {
    return new Step(
        id,
        StepKind.VALIDATE,
        datasets,
        List.of(),
        null,
        null,
        null,
        "every earlier step is done",
        List.copyOf(all),
        null,
        null,
        "a full damage assessment of "
            + source.cliName()
            + " (integrity, completeness, operations, audit) finds nothing but the kinds this"
            + " plan leaves to an operator",
        "re-validate the source after the repairs");
  }

  static Step releaseIsolation(String id, SourceId source, String validate) {
    return new Step(
        id,
        StepKind.RELEASE_ISOLATION,
        List.of(),
        List.of(),
        null,
        null,
        null,
        "the source validated clean (step " + validate + ")",
        List.of(validate),
        null,
        null,
        "no isolation of " + source.cliName() + " stands; its held outbox rows flow again",
        "release the isolation last, once the source is clean");
  }

  private static LocalDate first(List<LocalDate> days) {
    return days.isEmpty() ? null : days.stream().min(LocalDate::compareTo).orElseThrow();
  }

  private static LocalDate last(List<LocalDate> days) {
    return days.isEmpty() ? null : days.stream().max(LocalDate::compareTo).orElseThrow();
  }
}
