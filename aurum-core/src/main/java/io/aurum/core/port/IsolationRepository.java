package io.aurum.core.port;

import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.util.List;

/**
 * Corruption isolations as store state ({@code corruption isolate|release|recover}): kept across
 * restarts and seen by every process. A STRICT isolation takes a partition out of the current-data
 * view (its head moves to the last good version, or there is none, and the corrupted version is
 * kept as QUARANTINED) and holds its outbox rows; a LENIENT one only flags the partition (the
 * view's {@code flagged} column). Every head move is decided by {@link
 * io.aurum.core.publish.PublishDecision#isolationMove} under the partition lock. Thread-safe.
 */
public interface IsolationRepository {

  /** How an isolation treats the partition. */
  enum Mode {
    STRICT,
    LENIENT
  }

  /**
   * A corrupted partition to isolate: the head version the report scanned (null: not known, such a
   * partition is only flagged) and the last good version the report names (null: none).
   */
  record Target(
      PartitionKey partition, Long scannedVersionId, Long lastGoodVersionId, String kinds) {}

  /** What became of one target. */
  enum Outcome {
    /** Isolated now. */
    ISOLATED,
    /** An isolation of the partition was already open: nothing changed. */
    ALREADY_ISOLATED,
    /** The head is no longer the version the report scanned: nothing changed (scan again). */
    HEAD_MOVED,
    /** The partition has no head: nothing to isolate. */
    NO_HEAD
  }

  /** The result for one target; the versions the head moved from and to (to null: no head). */
  record Result(PartitionKey partition, Outcome outcome, Long fromVersionId, Long toVersionId) {}

  /** An open isolation. */
  record Isolation(
      long id,
      PartitionKey partition,
      Mode mode,
      String kinds,
      Long fromVersionId,
      Long toVersionId,
      String reason,
      String actor,
      Instant isolatedAt) {}

  /** How an isolation ends. */
  enum Ending {
    /**
     * {@code corruption release}: undone. A strict isolation's head moves back to the version it
     * moved from, unless the head changed since (then it stays and the version stays QUARANTINED).
     */
    RELEASE,
    /**
     * The partition was recovered (re-fetched, or rolled back to its last good version): the head
     * stays where it is and the corrupted version of a strict isolation becomes DISCARDED.
     */
    RECOVERED
  }

  /** What became of one open isolation when it ended. */
  record Ended(Isolation isolation, boolean headRestored) {}

  /**
   * Isolates every target in ONE transaction, with an audit entry each ({@code
   * corruption.isolated}, the actor) and, for strict ones, an outbox row describing the move (held
   * with the others).
   */
  List<Result> isolate(List<Target> targets, Mode mode, String reason, String actor);

  /** Open isolations of the source, by dataset and period. */
  List<Isolation> open(SourceId source);

  /**
   * Ends the open isolations of the source (only those of {@code partitions} unless empty) in ONE
   * transaction, audited ({@code corruption.released} or {@code corruption.recovered}); their held
   * outbox rows flow again, oldest first.
   */
  List<Ended> end(
      SourceId source, List<PartitionKey> partitions, Ending ending, String reason, String actor);
}
