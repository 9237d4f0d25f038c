package io.aurum.core.usecase;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.error.AurumException;
import io.aurum.core.integrity.VersionCheck;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.port.Store;
import io.aurum.core.port.VersionRepository.PartitionMove;
import io.aurum.core.rollback.RollbackService;
import io.aurum.core.usecase.RecoveryPlan.Step;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A recovery plan's {@code rollback_partitions} step: moves the damaged heads of one dataset back
 * to their last good versions through {@link RollbackService#rollbackPartitions} (no upstream
 * request), then its gate: every moved head is its target and verifies clean ({@link
 * VersionCheck}). A failed gate is a {@link AurumException.ValidationFailed}. Thread-safe.
 */
final class PartitionRollbackStep {
  private final Store store;
  private final Clock clock;
  private final DatasetCatalog catalog;

  PartitionRollbackStep(Store store, Clock clock, DatasetCatalog catalog) {
    this.store = store;
    this.clock = clock;
    this.catalog = catalog;
  }

  /**
   * Moves the step's heads back to their last good versions. Idempotent: a head already at its
   * target is left as it is, so a run that stopped after the move resumes at the gate; a head that
   * is neither the version planned from nor the target refuses the whole move (nothing moves).
   */
  String run(RecoveryPlan plan, Step s, String actor, String why) {
    List<PartitionMove> left = new ArrayList<>();
    for (RecoveryPlan.Move m : s.rollbacks()) {
      PartitionKey k = new PartitionKey(plan.source(), m.dataset(), m.partition());
      Long head = store.versions().head(k).map(Head::versionId).orElse(null);
      if (head == null || head != m.toVersionId()) {
        left.add(new PartitionMove(k, m.fromVersionId(), m.toVersionId()));
      }
    }
    String moved = "no head left to move";
    if (!left.isEmpty()) {
      String reason =
          "emergency recovery " + plan.planId() + " " + s.id() + (why == null ? "" : ": " + why);
      RollbackService.Done done =
          new RollbackService(store, clock, null)
              .rollbackPartitions(plan.source(), left, reason, actor);
      moved = "rollback " + done.rollbackId() + " moved " + done.result().moved() + " head(s)";
    }
    for (RecoveryPlan.Move m : s.rollbacks()) {
      PartitionKey k = new PartitionKey(plan.source(), m.dataset(), m.partition());
      Long head = store.versions().head(k).map(Head::versionId).orElse(null);
      if (head == null || head != m.toVersionId()) {
        throw new AurumException.ValidationFailed(
            "the head of " + k + " is version id " + head + ", not " + m.toVersionId());
      }
      if (catalog == null) {
        throw new AurumException.ValidationFailed("no dataset catalog to verify " + k + " against");
      }
      Dataset d = catalog.get(plan.source(), m.dataset());
      PartitionVersion v = store.versions().version(head).orElseThrow();
      List<String> problems = VersionCheck.problems(d, v, store.versions().observations(head));
      if (!problems.isEmpty()) {
        throw new AurumException.ValidationFailed(
            "the head of " + k + " (version " + v.versionNo() + ") fails: " + problems.get(0));
      }
    }
    return moved
        + " ("
        + (s.rollbacks().size() - left.size())
        + " already moved), no upstream request; gate passed: "
        + s.rollbacks().size()
        + " partition(s) verify clean";
  }
}
