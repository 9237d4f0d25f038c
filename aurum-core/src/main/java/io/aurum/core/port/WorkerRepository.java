package io.aurum.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The workers of one store and the queue of operations submitted to them ({@code aurum worker},
 * {@code --submit}): registration and heartbeats, the fenced-publish count, and which operations a
 * worker may take, by priority then age.
 */
public interface WorkerRepository {

  /** A worker as it registers: its id is the lease owner of every task it claims. */
  record Registration(
      String id, String host, long pid, Set<String> sources, int concurrency, Instant startedAt) {}

  /** A worker as the store holds it, with the tasks it holds now ({@code claims}). */
  record Worker(
      String id,
      String host,
      long pid,
      String sources,
      int concurrency,
      Instant startedAt,
      Instant heartbeatAt,
      String state,
      long fencedPublishes,
      int claims) {}

  void register(Registration r);

  /** Renews the heartbeat; false when the row is gone or STOPPED (the worker should stop). */
  boolean heartbeat(String workerId, Instant now);

  /** ACTIVE → DRAINING: the worker received SIGTERM and finishes the page in flight. */
  void draining(String workerId, Instant now);

  /** The worker stopped: state STOPPED, its last heartbeat now. */
  void deregister(String workerId, Instant now);

  /** Adds {@code n} publishes refused to this worker because its lease was taken over. */
  void countFenced(String workerId, int n);

  /** Workers not STOPPED whose heartbeat is at or after {@code liveSince}, by id. */
  List<Worker> live(Instant liveSince);

  /** Queues a RUNNING operation for the workers. */
  void submit(String operationId, String actor, Instant now);

  /** Whether the operation was submitted for the workers. */
  boolean submitted(String operationId);

  /**
   * RUNNING submitted operations of these sources (lower-case names; all when empty) that have a
   * due PENDING task at {@code now}, by priority then age.
   */
  List<String> runnable(Set<String> sources, Instant now);

  /**
   * RUNNING tasks of submitted operations whose lease expired before {@code now} go back to PENDING
   * (their worker died or stalled), for any live worker to claim. Returns how many.
   */
  int reclaimExpired(Instant now);
}
