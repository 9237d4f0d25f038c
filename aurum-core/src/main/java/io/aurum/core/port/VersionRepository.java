package io.aurum.core.port;

import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Partition versions, their observations, and heads (the published version of each partition). */
public interface VersionRepository {

  Optional<Head> head(PartitionKey key);

  /** Heads of one dataset with period in [from, to], by period. */
  List<Head> heads(SourceId source, String dataset, LocalDate from, LocalDate to);

  /** Creates an empty STAGED version for a task; rows are added with {@link #append}. */
  long stage(PartitionKey key, String operationId, long taskId, String schemaVersion);

  /** Appends rows to a STAGED version, in one transaction. */
  void append(long versionId, List<Observation> rows);

  /**
   * Runs every request in ONE transaction (group commit). For each: the compare-and-set of the
   * head, the version's rows and state, the superseded head, coverage, the task's SUCCEEDED (or
   * FAILED when quarantined) with counters, an audit entry and an outbox row. A conflicting request
   * writes nothing and does not stop the others.
   */
  List<PublishResult> publish(List<PublishRequest> requests);

  /**
   * {@link #publish(List)} and, in the same transaction, {@link TaskRepository#claim} of the next
   * tasks when {@code claim} is not null: on a single-writer database (SQLite) a claim then costs
   * no write transaction of its own. Either request list may be empty; both commit or neither does.
   */
  PublishBatch publish(List<PublishRequest> requests, ClaimRequest claim);

  Optional<PartitionVersion> version(long versionId);

  /** Every version of a partition, by version number. */
  List<PartitionVersion> versions(PartitionKey key);

  /**
   * Every version (any state) of the dataset's partitions with period in [from, to], by period then
   * version number: one read for integrity checks and impact assessment.
   */
  List<PartitionVersion> versionsIn(SourceId source, String dataset, LocalDate from, LocalDate to);

  /**
   * Versions (any state) of the dataset's partitions with period in [from, to] that hold NaN or
   * infinite values, each with how many, by version id. A store check rather than a read of every
   * row: it covers versions that are not heads (a rollback could bring one back).
   */
  Map<Long, Long> nonFiniteValues(SourceId source, String dataset, LocalDate from, LocalDate to);

  /** Every version an operation wrote (any state), by creation. */
  List<PartitionVersion> versionsOf(String operationId);

  /** A version's rows in canonical order: series id, then period. */
  List<Observation> observations(long versionId);

  /**
   * Streams the current observations (rows of head versions) of the source's datasets (all when
   * empty) with period in [from, to), ordered by dataset, series id, period.
   */
  void current(
      SourceId source, List<String> datasets, Instant from, Instant to, Consumer<CurrentRow> sink);

  /** STAGED versions of the operation become DISCARDED and lose their rows. Returns how many. */
  int discardStaged(String operationId);

  /** Number of STAGED versions of the operation. */
  int countStaged(String operationId);

  // ---- replay, rollback, conflicts (issue 5) ------------------------------------------------

  /** A version an operation wrote and the published version it replaced (null: none). */
  record VersionPair(PartitionVersion after, PartitionVersion before) {}

  /**
   * Every version the operation wrote that got past staging (published, superseded, quarantined or
   * rolled back), each with the version it replaced, by partition.
   */
  List<VersionPair> written(String operationId);

  /**
   * Operations (not rolled back) that published a later version of a partition this operation
   * published, newest first.
   */
  List<String> laterOperations(String operationId);

  /** What a rollback did: heads moved back to their previous version, and heads removed. */
  record RollbackResult(int moved, int removed) {}

  /**
   * In ONE transaction, set-based: every head {@code operationId} set moves back to the version it
   * replaced (or is removed when there was none), its versions become ROLLED_BACK, the operation
   * becomes ROLLED_BACK, and {@code rollbackId} (a RUNNING operation of type ROLLBACK) becomes
   * SUCCEEDED, with audit entries. Throws {@link io.aurum.core.error.AurumException.NotFound} or
   * {@link io.aurum.core.error.AurumException.IllegalStateChange} (already rolled back, still
   * running, or later operations changed its partitions) and then writes nothing.
   */
  RollbackResult rollback(String operationId, String rollbackId, String actor);

  /**
   * One head move of a partition rollback: the head of {@code partition}, still version {@code
   * fromVersionId}, moves back to its earlier version {@code toVersionId}.
   */
  record PartitionMove(PartitionKey partition, long fromVersionId, long toVersionId) {}

  /**
   * In ONE transaction: each partition's head, if it is still {@code fromVersionId}, moves back to
   * the earlier superseded version {@code toVersionId} ({@link
   * io.aurum.core.publish.PublishDecision#partitionRollbackRefusal}); the versions moved from
   * become ROLLED_BACK and those moved to PUBLISHED, the moves are recorded as {@code
   * rollbackId}'s, and {@code rollbackId} (a RUNNING operation of type ROLLBACK) becomes SUCCEEDED,
   * with audit entries and an outbox row. The operations that wrote the versions keep their state.
   * Throws {@link io.aurum.core.error.AurumException.IllegalStateChange} (a head moved since, or a
   * target that is not an earlier superseded version of its partition) and then writes nothing.
   */
  RollbackResult rollbackPartitions(List<PartitionMove> moves, String rollbackId, String actor);

  /**
   * Conflict resolution, in ONE transaction: if the head of the candidate's partition is still
   * {@code expectedHead}, a copy of the QUARANTINED or STAGED candidate (its rows, {@code records}
   * and {@code checksum}, verified by the caller) is published as a new version numbered after
   * every existing one, the head is superseded, the candidate becomes DISCARDED, with an audit
   * entry {@code conflict.resolved} carrying {@code detail}. Returns the new head's id. Throws
   * IllegalStateChange when the head moved or the candidate is not QUARANTINED/STAGED.
   */
  long promote(
      long candidateId,
      Long expectedHead,
      String checksum,
      long records,
      String actor,
      String detail);

  /** A QUARANTINED or STAGED candidate becomes DISCARDED and loses its rows, audited. */
  void discard(long versionId, String actor, String detail);

  /**
   * Retention: deletes SUPERSEDED versions superseded before {@code cutoff}, except the newest
   * superseded version of each partition (what a rollback of the head's operation restores). Heads
   * are never touched. A later rollback that would need a purged version is refused.
   */
  int purgeSuperseded(java.time.Instant cutoff, String actor);
}
