package io.aurum.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Emergencies as store state: declared in one process, obeyed by runners in every other (they read
 * {@link #active} every claim cycle), kept across restarts. Thread-safe.
 */
public interface EmergencyRepository {

  /** What an emergency does. */
  enum Kind {
    STOP,
    ISOLATION,
    MONITOR
  }

  /**
   * A declaration to record: the scope is every source (both null), one source ({@code
   * scopeSource}, its CLI name) or one operation.
   */
  record Declaration(
      Kind kind,
      String scopeSource,
      String scopeOperation,
      boolean includeCritical,
      String level,
      boolean isolateKafka,
      String reason,
      String actor,
      Instant expiresAt) {}

  /** A recorded emergency with the operations it paused, in the order it paused them. */
  record Emergency(
      long id,
      Kind kind,
      String scopeSource,
      String scopeOperation,
      boolean includeCritical,
      String level,
      boolean isolateKafka,
      String reason,
      String actor,
      Instant declaredAt,
      Instant expiresAt,
      Instant releasedAt,
      String releasedBy,
      String releaseReason,
      List<String> paused) {

    /** Neither released nor expired at {@code now}. */
    public boolean active(Instant now) {
      return releasedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** The scope as shown: {@code all}, {@code source eia} or {@code operation ID}. */
    public String scope() {
      if (scopeOperation != null) {
        return "operation " + scopeOperation;
      }
      return scopeSource != null ? "source " + scopeSource : "all";
    }

    /**
     * Whether this STOP or ISOLATION keeps an operation of {@code source} from running: a STOP
     * spares critical operations unless it includes them, an ISOLATION spares none.
     */
    public boolean blocks(String operationId, String source, boolean critical) {
      return blocks(operationId, source, critical, false);
    }

    /**
     * {@link #blocks(String, String, boolean)} for an operation that an emergency recovery runs
     * ({@code recovery}): an ISOLATION spares it, since recovery repairs the isolated source (its
     * outbox rows stay held until the isolation is released); a STOP spares it as it spares
     * critical work, unless the STOP includes critical operations: the runbook recovers while its
     * stop of non-critical operations stands.
     */
    public boolean blocks(String operationId, String source, boolean critical, boolean recovery) {
      boolean inScope =
          scopeOperation != null
              ? scopeOperation.equals(operationId)
              : scopeSource == null || scopeSource.equals(source);
      return switch (kind) {
        case STOP -> inScope && (includeCritical || !(critical || recovery));
        case ISOLATION -> inScope && !recovery;
        case MONITOR -> false;
      };
    }
  }

  /** An outbox row that may be relayed downstream. */
  record OutboxRow(long id, Instant at, String topic, String payload) {}

  /** Records the declaration (and its audit entry) and returns its id. */
  long declare(Declaration d);

  /** Adds the operation to what the emergency paused (once; later adds are ignored). */
  void recordPaused(long emergencyId, String operationId);

  /** Emergencies neither released nor expired at {@code now}, oldest first. */
  List<Emergency> active(Instant now);

  /** Every emergency ever declared, newest first. */
  List<Emergency> history();

  /** Marks it released (and audits it); false when it was already released. */
  boolean release(long id, String actor, String reason, Instant now);

  /** Marks the operation critical: a STOP that does not include critical ones spares it. */
  void markCritical(String operationId);

  /** Whether the operation was started with {@code --critical}. */
  boolean critical(String operationId);

  /**
   * Marks the operation as run by an emergency recovery: the isolation of its source spares it, and
   * a STOP that does not include critical operations.
   */
  default void markRecovery(String operationId) {
    throw new UnsupportedOperationException("no recovery operations here");
  }

  /** Whether an emergency recovery runs the operation ({@link #markRecovery}). */
  default boolean recovery(String operationId) {
    return false;
  }

  /**
   * Unrelayed outbox rows, oldest first, except those of sources isolated with {@code
   * --isolate-kafka} and of partitions under a strict corruption isolation: what a relay may send
   * now.
   */
  List<OutboxRow> relayableOutbox(int limit);
}
