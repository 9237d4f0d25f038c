package io.aurum.core.rollback;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.port.Store;
import io.aurum.core.port.VersionRepository.PartitionMove;
import io.aurum.core.port.VersionRepository.RollbackResult;
import io.aurum.core.port.VersionRepository.VersionPair;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.request.Origin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rollback (runbook §3.6): moves every head an operation set back to the version it replaced, in
 * one set-based transaction of the store. Emergency rollbacks do only that; controlled ones verify
 * the checksums of the versions involved before and after and back the rolled-back versions up
 * first. A rollback is itself an operation (type ROLLBACK). Thread-safe.
 */
public final class RollbackService {
  /** How careful a rollback is. */
  public enum Type {
    EMERGENCY,
    CONTROLLED;

    /** The type {@code text} names; {@code o} names the field in the refusal. */
    public static Type parse(String text, Origin o) {
      for (Type t : values()) {
        if (t.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
          return t;
        }
      }
      throw new AurumException.BadInput(
          "unknown " + o.name("rollback_type") + " '" + text + "': use emergency or controlled");
    }
  }

  /** What to roll back and how. */
  public record Request(
      String operationId,
      Type type,
      boolean cascade,
      boolean preValidation,
      boolean postValidation,
      boolean backup,
      String reason,
      String actor) {}

  /** One rolled-back operation. */
  public record Done(
      String operationId, String rollbackId, RollbackResult result, Optional<Path> backup) {}

  private final Store store;
  private final Clock clock;
  private final Path backupDir;

  public RollbackService(Store store, Clock clock, Path backupDir) {
    this.store = store;
    this.clock = clock;
    this.backupDir = backupDir;
  }

  /**
   * Checks that the operation can be rolled back ({@link PublishDecision#rollbackRefusal}); returns
   * the later operations in the way, which a cascade rolls back first.
   */
  public List<String> check(String operationId) {
    return check(operationId, true);
  }

  private List<String> check(String operationId, boolean cascade) {
    Optional<Operation> op = store.operations().find(operationId);
    List<String> later = List.of();
    if (op.isPresent()
        && PublishDecision.rollbackRefusal(
                operationId, op.get().state(), op.get().type(), later, true, null)
            == null) {
      later = store.versions().laterOperations(operationId);
    }
    AurumException refusal =
        PublishDecision.rollbackRefusal(
            operationId,
            op.map(Operation::state).orElse(null),
            op.map(Operation::type).orElse(null),
            later,
            cascade,
            null);
    if (refusal != null) {
      throw refusal;
    }
    return later;
  }

  /** Rolls back the operation (and with cascade, the later ones first, newest first). */
  public List<Done> rollback(Request r) {
    List<String> later = check(r.operationId(), r.cascade());
    List<Done> out = new ArrayList<>();
    for (String l : later) {
      if (store
          .operations()
          .find(l)
          .map(o -> o.state() != OperationState.ROLLED_BACK)
          .orElse(false)) {
        out.addAll(
            rollback(
                new Request(
                    l,
                    r.type(),
                    true,
                    r.preValidation(),
                    r.postValidation(),
                    r.backup(),
                    r.reason(),
                    r.actor())));
      }
    }
    out.add(one(r));
    return out;
  }

  private Done one(Request r) {
    Operation target = store.operations().find(r.operationId()).orElseThrow();
    List<VersionPair> heads =
        store.versions().written(r.operationId()).stream()
            .filter(p -> p.after().state() == VersionState.PUBLISHED)
            .toList();
    if (r.preValidation()) {
      verify(heads, "before the rollback");
    }
    Operation rb = createRollbackOperation(target, r);
    Optional<Path> backup = Optional.empty();
    RollbackResult result;
    try {
      if (r.backup()) {
        backup =
            Optional.of(
                VersionBackup.write(
                    store, backupDir.resolve(rb.id() + ".jsonl.gz"), heads, r.operationId()));
      }
      result = store.versions().rollback(r.operationId(), rb.id(), r.actor());
    } catch (RuntimeException e) {
      store.operations().setLastError(rb.id(), e.getMessage());
      store
          .operations()
          .transition(
              rb.id(), OperationState.RUNNING, OperationState.FAILED, r.actor(), e.getMessage());
      throw e;
    }
    if (r.postValidation()) {
      verifyAfter(heads);
    }
    return new Done(r.operationId(), rb.id(), result, backup);
  }

  /**
   * Moves these heads back to the earlier versions chosen for them (an emergency recovery's
   * partition rollback), in one transaction of the store that re-checks each move under the
   * partition's lock ({@link PublishDecision#partitionRollbackRefusal}). Each target's stored rows
   * must still hash to its checksum first. The rollback is an operation of its own (type ROLLBACK,
   * over {@code source}), SUCCEEDED when the heads moved, FAILED with nothing moved otherwise.
   * Returns its id and what moved.
   */
  public Done rollbackPartitions(
      SourceId source, List<PartitionMove> moves, String reason, String actor) {
    for (PartitionMove m : moves) {
      PartitionVersion to =
          store
              .versions()
              .version(m.toVersionId())
              .orElseThrow(
                  () ->
                      new AurumException.NotFound(
                          "version id "
                              + m.toVersionId()
                              + " of "
                              + m.partition()
                              + " is gone: assess and plan again"));
      check(to, "before the rollback");
    }
    LocalDate first =
        moves.stream().map(m -> m.partition().period()).min(LocalDate::compareTo).orElseThrow();
    LocalDate last =
        moves.stream().map(m -> m.partition().period()).max(LocalDate::compareTo).orElseThrow();
    OperationSpec spec =
        new OperationSpec(
            source,
            first,
            last,
            moves.stream().map(m -> m.partition().dataset()).distinct().toList(),
            1,
            1,
            0,
            null,
            0,
            false,
            null,
            new io.aurum.core.model.RollbackParams(null, null, null, "partitions", false));
    Operation rb = create(source, spec, Priority.HIGH, reason, actor);
    try {
      RollbackResult result = store.versions().rollbackPartitions(moves, rb.id(), actor);
      return new Done(null, rb.id(), result, Optional.empty());
    } catch (RuntimeException e) {
      store.operations().setLastError(rb.id(), e.getMessage());
      store
          .operations()
          .transition(
              rb.id(), OperationState.RUNNING, OperationState.FAILED, actor, e.getMessage());
      throw e;
    }
  }

  private Operation create(
      SourceId source, OperationSpec spec, Priority priority, String reason, String actor) {
    var now = clock.instant();
    return store
        .operations()
        .create(
            new Operation(
                OperationIds.of(
                    OperationType.ROLLBACK, LocalDate.ofInstant(now, ZoneOffset.UTC), source),
                OperationType.ROLLBACK,
                source,
                OperationState.RUNNING,
                priority,
                reason,
                actor,
                spec,
                now,
                now,
                null,
                null,
                null),
            List.of());
  }

  private Operation createRollbackOperation(Operation target, Request r) {
    OperationSpec s = target.spec();
    OperationSpec spec =
        new OperationSpec(
            s.source(),
            s.startDate(),
            s.endDate(),
            s.datasets(),
            1,
            s.batchSize(),
            0,
            null,
            0,
            false,
            s.conflictStrategy(),
            new io.aurum.core.model.RollbackParams(
                null,
                null,
                target.id(),
                r.type().name().toLowerCase(java.util.Locale.ROOT),
                r.cascade()));
    var now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String reason =
        r.reason() == null
            ? "rollback of " + target.id()
            : r.reason() + " (rollback of " + target.id() + ")";
    Operation draft =
        new Operation(
            OperationIds.of(OperationType.ROLLBACK, today, target.source()),
            OperationType.ROLLBACK,
            target.source(),
            OperationState.RUNNING,
            target.priority(),
            reason,
            r.actor(),
            spec,
            now,
            now,
            null,
            null,
            null);
    return store.operations().create(draft, List.of());
  }

  /** Stored rows of each version still hash to the checksum recorded when it was published. */
  private void verify(List<VersionPair> pairs, String when) {
    for (VersionPair p : pairs) {
      check(p.after(), when);
      if (p.before() != null) {
        check(p.before(), when);
      }
    }
  }

  private void check(PartitionVersion v, String when) {
    List<Observation> rows = store.versions().observations(v.id());
    String sum = Checksums.of(rows);
    if (v.checksum() != null && !v.checksum().equals(sum)) {
      throw new AurumException.ValidationFailed(
          "version "
              + v.versionNo()
              + " of "
              + v.partition()
              + " does not match its checksum "
              + when
              + ": nothing was rolled back; investigate with aurum corruption detect");
    }
  }

  private void verifyAfter(List<VersionPair> pairs) {
    for (VersionPair p : pairs) {
      var head = store.versions().head(p.after().partition());
      Long expected = p.before() == null ? null : p.before().id();
      Long actual = head.map(h -> h.versionId()).orElse(null);
      if (!java.util.Objects.equals(expected, actual)) {
        throw new AurumException.ValidationFailed(
            "after the rollback the head of "
                + p.after().partition()
                + " is version id "
                + actual
                + ", expected "
                + expected);
      }
      if (p.before() != null) {
        check(p.before(), "after the rollback");
      }
    }
  }
}
