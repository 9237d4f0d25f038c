package io.aurum.core.usecase;

import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.Finding;
import io.aurum.core.integrity.ScanDepth;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.RecoveryLog.StepRow;
import io.aurum.core.port.Store;
import io.aurum.core.usecase.RecoveryPlan.Step;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A recovery's REPLAY step: re-fetches its partitions by a selective replay (resuming the one an
 * earlier run created), then, when asked, gates on an integrity scan of those partitions.
 * Thread-safe.
 */
final class RecoveryReplayStep {
  private final Store store;
  private final OperationService operations;
  private final Replays replays;
  private final IntegrityScans scans;

  RecoveryReplayStep(
      Store store, OperationService operations, Replays replays, IntegrityScans scans) {
    this.store = store;
    this.operations = operations;
    this.replays = replays;
    this.scans = scans;
  }

  String run(RecoveryPlan plan, Step s, StepRow row, String actor, RecoverRequest r) {
    String reason =
        "emergency recovery "
            + plan.planId()
            + " "
            + s.id()
            + (r.reason() == null ? "" : ": " + r.reason());
    Operation existing =
        row == null || row.operationId() == null
            ? null
            : store.operations().find(row.operationId()).orElse(null);
    OperationRunner.Outcome o;
    String id;
    if (existing != null && existing.state() == OperationState.SUCCEEDED) {
      id = existing.id();
      o = OperationRunner.Outcome.SUCCEEDED;
    } else if (existing != null && existing.state() != OperationState.CANCELLED) {
      id = existing.id();
      o =
          existing.state() == OperationState.PLANNED
              ? operations.start(id, actor, new LiveProgress())
              : operations.resume(id, actor, new LiveProgress());
    } else {
      OperationSpec spec =
          replays.prepare(
              ReplayRequest.plain(
                  plan.source(), s.start(), s.end(), s.datasets(), Priority.HIGH, reason));
      List<PartitionKey> keys = new ArrayList<>();
      for (String ds : s.datasets()) {
        for (LocalDate d : s.partitions()) {
          keys.add(new PartitionKey(plan.source(), ds, d));
        }
      }
      Replays.Created c = replays.create(spec, keys, Priority.HIGH, reason, actor, store);
      id = c.operation().id();
      store.emergencies().markRecovery(id);
      store.recoveries().operation(plan.planId(), s.id(), id);
      o = operations.start(id, actor, new LiveProgress());
    }
    if (o != OperationRunner.Outcome.SUCCEEDED) {
      throw new Recoveries.GateFailed("replay " + id + " ended " + o + ", not SUCCEEDED");
    }
    if (!r.validateEachStep()) {
      return "replay " + id + " SUCCEEDED";
    }
    Set<LocalDate> days = new HashSet<>(s.partitions());
    List<Finding> left =
        scans
            .detect(
                new CorruptionDetectRequest(
                    plan.source(),
                    EnumSet.of(Category.SCHEMA, Category.COMPLETENESS, Category.ACCURACY),
                    ScanDepth.FULL))
            .findings()
            .stream()
            .filter(f -> RecoveryPlans.REFETCHED.contains(f.kind()))
            .filter(f -> s.datasets().contains(f.dataset()))
            .filter(f -> f.partitions().stream().anyMatch(days::contains))
            .toList();
    if (!left.isEmpty()) {
      Finding f = left.get(0);
      throw new Recoveries.GateFailed(
          "replay "
              + id
              + " SUCCEEDED but the integrity gate found "
              + left.size()
              + " damaged partition finding(s), first "
              + f.kind().label()
              + " "
              + f.dataset()
              + " "
              + f.partitions()
              + ": "
              + f.evidence());
    }
    return "replay " + id + " SUCCEEDED; integrity gate passed on " + days.size() + " partition(s)";
  }
}
