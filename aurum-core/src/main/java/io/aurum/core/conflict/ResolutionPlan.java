package io.aurum.core.conflict;

import io.aurum.core.conflict.ConflictFile.Entry;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Head;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.Store;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.publish.PublishDecision.Decision;

/**
 * What resolving one conflict-file entry will do, checked before anything is written: the head is
 * the one the file saw, the candidate is still resolvable (not already settled, not still being
 * written by a live operation), and the strategy's decision.
 */
record ResolutionPlan(Entry e, PartitionVersion head, PartitionVersion cand, Decision decision) {

  /** Checks {@code e} against the store; a stale or unresolvable entry throws. */
  static ResolutionPlan of(Store store, Entry e, ConflictStrategy strategy) {
    PartitionVersion cand =
        store
            .versions()
            .version(e.candidateVersionId())
            .orElseThrow(
                () ->
                    new AurumException.NotFound(
                        "no version id " + e.candidateVersionId() + " for " + e.partition()));
    Long current = store.versions().head(e.partition()).map(Head::versionId).orElse(null);
    PartitionVersion head = current == null ? null : store.versions().version(current).orElse(null);
    Decision decision =
        PublishDecision.decide(
            PublishDecision.Candidate.contested(cand, e.headVersionId()),
            head != null ? PublishDecision.Current.of(head) : PublishDecision.Current.of(current),
            strategy);
    if (decision instanceof Decision.HeadMoved) {
      throw new AurumException.IllegalStateChange(
          "the head of "
              + e.partition()
              + " is version id "
              + current
              + ", not "
              + e.headVersionId()
              + " as when the conflict was detected: run aurum conflicts detect again");
    }
    if (cand.state() != VersionState.QUARANTINED
        && cand.state() != VersionState.STAGED
        && cand.state() != VersionState.SUPERSEDED) {
      throw new AurumException.IllegalStateChange(
          "candidate version id "
              + cand.id()
              + " of "
              + e.partition()
              + " is already "
              + cand.state());
    }
    if (cand.state() == VersionState.STAGED) {
      refuseWhileWritten(store, e, cand);
    }
    return new ResolutionPlan(e, head, cand, decision);
  }

  /** A staged version of a live operation may still be receiving rows: settle it after. */
  private static void refuseWhileWritten(Store store, Entry e, PartitionVersion cand) {
    store
        .operations()
        .find(cand.operationId())
        .ifPresent(
            op -> {
              if (op.state() == OperationState.RUNNING || op.state() == OperationState.PLANNED) {
                throw new AurumException.IllegalStateChange(
                    "candidate version id "
                        + cand.id()
                        + " of "
                        + e.partition()
                        + " is still being written by "
                        + op.id()
                        + " ("
                        + op.state()
                        + "): pause or cancel it, or wait for it to end, then resolve");
              }
            });
  }

  /** Whether the candidate has not been published yet (QUARANTINED or STAGED). */
  boolean pending() {
    return cand.state() == VersionState.QUARANTINED || cand.state() == VersionState.STAGED;
  }

  /** The head's version id, or null when the partition has none. */
  Long headId() {
    return head == null ? null : head.id();
  }
}
