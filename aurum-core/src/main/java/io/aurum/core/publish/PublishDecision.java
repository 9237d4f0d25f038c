package io.aurum.core.publish;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.port.PublishRequest;
import java.util.List;
import java.util.Objects;

/**
 * The one place that decides whether a candidate version becomes the head of its partition
 * (docs/architecture.md, "The publish decision"), and whether an operation's heads may be rolled
 * back. Pure: no store, no clock. Every path that moves a head asks it (corruption isolation and
 * its release too): the engine before it submits and after a conflict, the group commit (both ways)
 * against the head it read under the partition lock, {@code conflicts resolve} and its promote, and
 * rollback. The callers apply the decision (the store's SQL still does the head's compare-and-set,
 * so a head moved without the lock fails the group).
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>Quality first: a candidate whose every fetched row was rejected is held and nothing is
 *       written; one below the quality threshold is held as QUARANTINED. Whatever the head did: a
 *       version below the threshold is never published.
 *   <li>The head is still the one the candidate was planned against: it publishes.
 *   <li>The head moved since: without a strategy (the store's compare-and-set) the move is reported
 *       to the caller; else the strategy settles it: {@code latest_wins} takes the newer version,
 *       {@code keep_existing} keeps the head, {@code highest_quality} takes the strictly higher
 *       score (a tie keeps the head), {@code manual} leaves the head and asks a human.
 * </ol>
 *
 * A contested candidate (conflict resolution: a kept candidate is known to conflict with the head
 * the operator saw) has the strategy applied to that head, and a head moved since makes the
 * resolution stale. There is no "identical checksum, no new version" rule: a fetch whose rows hash
 * like the head's still publishes a version of its own (it is what a rollback of its operation
 * moves back from), so the checksums are inputs only so that callers and tests can state the case.
 */
public final class PublishDecision {
  private PublishDecision() {}

  /** What the quality gate said of a candidate. */
  public enum Quality {
    /** At or above the threshold. */
    PASSED,
    /** Below the threshold (or already kept by the engine): kept as QUARANTINED. */
    FAILED,
    /** Every fetched row was rejected as never data: nothing to keep. */
    ALL_REJECTED,
    /** No gate applies: an operator's conflict resolution overrides it. */
    NONE
  }

  /**
   * The version proposed as head. {@code expectedHead} is the head it was planned against (null:
   * none); {@code versionNo} is null for a version not numbered yet (a new one, numbered after
   * every existing version). {@code contested}: see the class comment.
   */
  public record Candidate(
      Long expectedHead,
      Integer versionNo,
      double qualityScore,
      String checksum,
      Quality quality,
      boolean contested) {
    public Candidate {
      Objects.requireNonNull(quality, "quality");
    }

    /** A new version of the engine, planned against {@code expectedHead}. */
    public static Candidate fresh(
        Long expectedHead, double qualityScore, String checksum, Quality quality) {
      return new Candidate(expectedHead, null, qualityScore, checksum, quality, false);
    }

    /**
     * A group-commit request as the store sees it: the engine already held a quarantined one, so
     * only the compare-and-set is left for the others.
     */
    public static Candidate of(PublishRequest r) {
      return fresh(
          r.expectedHeadVersionId(),
          r.qualityScore(),
          r.checksum(),
          r.quarantine() ? Quality.FAILED : Quality.PASSED);
    }

    /** A kept version an operator resolves against {@code headSeen}; the gate does not apply. */
    public static Candidate contested(PartitionVersion v, Long headSeen) {
      return new Candidate(
          headSeen, v.versionNo(), v.qualityScore(), v.checksum(), Quality.NONE, true);
    }
  }

  /**
   * The partition's head as the caller read it. Only the id is always known (the store reads no
   * more); the version number and score are needed by {@code latest_wins} between two numbered
   * versions and by {@code highest_quality} (a head whose score is unknown loses to any candidate).
   */
  public record Current(long versionId, Integer versionNo, Double qualityScore, String checksum) {
    public static Current of(Long versionId) {
      return versionId == null ? null : new Current(versionId, null, null, null);
    }

    public static Current of(PartitionVersion v) {
      return new Current(v.id(), v.versionNo(), v.qualityScore(), v.checksum());
    }
  }

  /** What becomes of a candidate. */
  public sealed interface Decision {
    /** The candidate becomes the head, replacing {@code replaces} (null: there was none). */
    record Publish(Long replaces) implements Decision {}

    /**
     * The quality gate holds the candidate: the head stays; {@code keep} when the candidate is kept
     * as QUARANTINED, false when nothing is written (every row rejected).
     */
    record Hold(String reason, boolean keep) implements Decision {}

    /**
     * The head moved since the candidate was planned and nothing here settles it: the store reports
     * a conflict to the engine, a conflict resolution is stale.
     */
    record HeadMoved(Long head) implements Decision {}

    /** {@code manual}: the head stays and a human decides; the candidate is kept for them. */
    record Conflict(Long head, String reason) implements Decision {}

    /** The strategy keeps the head: the candidate is not taken. */
    record KeepExisting(Long head, String reason) implements Decision {}
  }

  /**
   * Decides the candidate against {@code head} (null: the partition has none). {@code strategy}
   * null: the caller settles a moved head itself (the store's compare-and-set).
   */
  public static Decision decide(Candidate c, Current head, ConflictStrategy strategy) {
    if (c.quality() == Quality.ALL_REJECTED) {
      return new Decision.Hold("every fetched record rejected", false);
    }
    if (c.quality() == Quality.FAILED) {
      return new Decision.Hold("below the quality threshold", true);
    }
    Long id = head == null ? null : head.versionId();
    boolean moved = !Objects.equals(id, c.expectedHead());
    if (c.contested()) {
      if (strategy == null) {
        throw new IllegalArgumentException("a contested candidate is resolved by a strategy");
      }
      if (moved) {
        // The operator decided against another head: the resolution is stale.
        return new Decision.HeadMoved(id);
      }
    } else if (!moved) {
      return new Decision.Publish(id);
    } else if (strategy == null) {
      return new Decision.HeadMoved(id);
    }
    switch (strategy) {
      case LATEST_WINS:
        return newer(c, head)
            ? new Decision.Publish(id)
            : new Decision.KeepExisting(id, "the head is the newer version (latest_wins)");
      case KEEP_EXISTING:
        return new Decision.KeepExisting(id, "kept the existing head (keep_existing)");
      case HIGHEST_QUALITY:
        if (head == null || head.qualityScore() == null || c.qualityScore() > head.qualityScore()) {
          return new Decision.Publish(id);
        }
        return new Decision.KeepExisting(
            id, "kept it (quality " + head.qualityScore() + " ≥ " + c.qualityScore() + ")");
      case MANUAL:
        return new Decision.Conflict(id, "manual: resolve it with aurum conflicts resolve");
      default:
        throw new IllegalStateException("unknown conflict strategy " + strategy);
    }
  }

  /** An unnumbered candidate is newer than every existing version. */
  private static boolean newer(Candidate c, Current head) {
    return head == null
        || c.versionNo() == null
        || head.versionNo() == null
        || c.versionNo() > head.versionNo();
  }

  // ---- corruption isolation ------------------------------------------------------------------

  /**
   * A head move of a corruption isolation or its release: {@code target} (a version to restore, or
   * null for none) becomes the head in place of {@code expectedHead} (the version the report
   * scanned, or the one the isolation left) if the head is still that one. The same compare-and-set
   * as a publish, without a quality gate (the versions involved were already published); a head
   * moved since is reported, never overwritten.
   */
  public static Decision isolationMove(Long expectedHead, Long current) {
    return decide(
        new Candidate(expectedHead, null, Double.NaN, null, Quality.NONE, false),
        Current.of(current),
        null);
  }

  // ---- rollback --------------------------------------------------------------------------------

  /**
   * Whether an operation's heads may move back to the versions they replaced: null when they may,
   * else the refusal (NotFound or IllegalStateChange). {@code state} null: no such operation;
   * {@code later} are the operations that changed its partitions since (newest first), which a
   * cascade rolls back first; {@code purged} names a partition whose replaced version retention
   * deleted. Asked before the rollback and again in its transaction.
   */
  public static AurumException rollbackRefusal(
      String operationId,
      OperationState state,
      OperationType type,
      List<String> later,
      boolean cascade,
      String purged) {
    if (state == null) {
      return AurumException.NotFound.noOperation(operationId);
    }
    if (state == OperationState.ROLLED_BACK) {
      return new AurumException.IllegalStateChange(
          "operation " + operationId + " is already rolled back");
    }
    if (type == OperationType.ROLLBACK) {
      return new AurumException.IllegalStateChange(
          "operation " + operationId + " is a rollback: run the operation again instead");
    }
    if (!state.canMoveTo(OperationState.ROLLED_BACK)) {
      return new AurumException.IllegalStateChange(
          "operation "
              + operationId
              + " is "
              + state
              + ": pause or cancel it before rolling it back");
    }
    if (!later.isEmpty() && !cascade) {
      return new AurumException.IllegalStateChange(
          v ->
              "partitions of "
                  + operationId
                  + " were changed again later by "
                  + String.join(", ", later)
                  + ": roll those back first, or add "
                  + v.step(NextStep.cascadeRollback(operationId)));
    }
    if (purged != null) {
      return new AurumException.IllegalStateChange(
          v ->
              "the version "
                  + operationId
                  + " replaced in "
                  + purged
                  + " was purged by retention ("
                  + v.step(NextStep.purgeSuperseded())
                  + "): it cannot be rolled back");
    }
    return null;
  }

  /**
   * Whether the head of a partition may move back from {@code from} to {@code to} (a partition
   * rollback of an emergency recovery): null when it may, else the refusal. {@code head} is the
   * head's version id as read under the partition's lock (null: no head). The head must still be
   * the version the move was planned from, and the target an earlier version of the same partition
   * that was a head once and is not now (SUPERSEDED). Asked in the rollback's transaction.
   */
  public static AurumException partitionRollbackRefusal(
      Long head, PartitionVersion from, PartitionVersion to) {
    if (!Objects.equals(head, from.id())) {
      return new AurumException.IllegalStateChange(
          "the head of "
              + from.partition()
              + " is version id "
              + head
              + ", not "
              + from.id()
              + " as when the recovery was planned: assess and plan again");
    }
    if (!to.partition().equals(from.partition())
        || to.versionNo() >= from.versionNo()
        || to.state() != io.aurum.core.model.VersionState.SUPERSEDED) {
      return new AurumException.IllegalStateChange(
          "version id "
              + to.id()
              + " ("
              + to.state()
              + ", number "
              + to.versionNo()
              + ") is not an earlier superseded version of "
              + from.partition()
              + ": assess and plan again");
    }
    return null;
  }
}
