package io.aurum.core.port;

import io.aurum.core.model.Counters;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tasks: claiming under leases, retries as data, and terminal states. Moves that change a row's
 * state check the current state in the UPDATE itself; "updated two rows" throws. A worker's move of
 * a task it claimed (release, defer, retry, fail, skip) names the lease {@code owner}, as a publish
 * does: a task whose lease another runner has taken over is left as it is (fenced), not moved.
 */
public interface TaskRepository {

  /**
   * Claims the fetch windows of up to {@code max} PENDING tasks of the operation whose next attempt
   * is due, ordered by priority then id, with every due PENDING task of those windows (so it may
   * return more than {@code max}): sets RUNNING, the lease owner and expiry, and attempts + 1.
   */
  List<Task> claim(String operationId, String owner, int max, Instant now, Instant leaseUntil);

  void renewLeases(String owner, Collection<Long> taskIds, Instant leaseUntil);

  /** RUNNING tasks whose lease expired before {@code now} go back to PENDING. Returns how many. */
  int reclaimExpired(Instant now);

  /** All RUNNING tasks of the operation go back to PENDING (its runner died). */
  int releaseRunning(String operationId);

  /**
   * Claimed tasks that were never started go back to PENDING, due now, with the claim's attempt
   * given back (a pause or cancel returning the claim-ahead queue).
   */
  void release(Collection<Long> taskIds, String owner);

  /**
   * RUNNING → PENDING, due at {@code due}, with the claim's attempt given back: the task could not
   * start for a reason that is not its failure (the quota is spent until a window resets, or the
   * source's circuit breaker is open).
   */
  void defer(long taskId, String owner, Instant due, String reason);

  /** {@link #defer} for every task of a fetch window, in one transaction. */
  void deferAll(Collection<Long> taskIds, String owner, Instant due, String reason);

  /**
   * RUNNING → PENDING for every task of a fetch window, all due again at {@code nextAttemptAt} (so
   * they are claimed together again); the counters are added to the first task only.
   */
  void retryAllLater(
      Collection<Long> taskIds, String owner, Instant nextAttemptAt, String error, Counters delta);

  /** RUNNING → FAILED for every task of a fetch window; the counters go to the first task. */
  void failAll(Collection<Long> taskIds, String owner, String error, Counters delta);

  /**
   * Moves the tasks to a fetch window of their own (a new group of the operation), so that they are
   * claimed and fetched apart from the rest of their window. Returns the new group.
   */
  long split(String operationId, Collection<Long> taskIds);

  /** RUNNING → PENDING, due again at {@code nextAttemptAt}; counters are added. */
  void retryLater(long taskId, String owner, Instant nextAttemptAt, String error, Counters delta);

  /** RUNNING → FAILED; counters are added. */
  void fail(long taskId, String owner, String error, Counters delta);

  /** RUNNING → SKIPPED (nothing to do, e.g. a conflict resolved by keeping the existing head). */
  void skip(long taskId, String owner, String reason, Counters delta);

  /** PENDING tasks (and RUNNING ones when {@code includeRunning}) become CANCELLED. */
  int cancel(String operationId, boolean includeRunning);

  /** Tasks in {@code from} states go back to PENDING with attempts reset (resume, retry). */
  int requeue(String operationId, Set<TaskState> from);

  /** The operation's tasks in any of the states (all when empty), by id. */
  List<Task> list(String operationId, Set<TaskState> states);

  Optional<Task> find(long taskId);

  /** Earliest next attempt among the operation's PENDING tasks. */
  Optional<Instant> nextDue(String operationId);
}
