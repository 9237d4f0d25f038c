package io.aurum.core.engine;

import static io.aurum.core.engine.FetchWindows.windows;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Task;
import io.aurum.core.port.ClaimRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The claim cycle of one run: the claimed fetch windows not started yet, the one claim at a time
 * that tops them up under leases ({@link LeaseHeartbeat} renews them), and their return on a pause
 * or cancel. Thread-safe: the loop claims and settles, workers take windows, a claim completes on
 * the publisher's or the claimer's thread, and the heartbeat reads what is held.
 */
final class ClaimQueue {
  private final OperationRunner.Dependencies deps;
  private final String id;
  private final String runnerId;
  private final GroupCommitPublisher publisher;
  private final ExecutorService claimer;
  private final ClaimPacing pacing;
  private final LoopSignal signal;

  /** Claimed fetch windows not started yet, each its tasks in period order. */
  private final Deque<List<Task>> claimed = new ConcurrentLinkedDeque<>();

  /** The claim waiting for or riding in a group commit: set and settled by the loop. */
  private volatile Future<?> claiming;

  ClaimQueue(
      OperationRunner.Dependencies deps,
      String operationId,
      String runnerId,
      GroupCommitPublisher publisher,
      ExecutorService claimer,
      ClaimPacing pacing,
      LoopSignal signal) {
    this.deps = deps;
    this.id = operationId;
    this.runnerId = runnerId;
    this.publisher = publisher;
    this.claimer = claimer;
    this.pacing = pacing;
    this.signal = signal;
  }

  /**
   * Tops the claimed queue up to {@code ahead} by a claim that rides in the publisher's next group
   * commit (alone when nothing waits to be published): on SQLite, claims then cost no write
   * transaction of their own, and the loop keeps starting tasks while the claim waits. Nothing
   * while a claim is out or {@link ClaimPacing#claimWaits}. Loop thread only.
   */
  void topUp(int ahead) {
    if (pacing.claimWaits() || inProgress() || claimed.size() >= ahead) {
      return;
    }
    int want = ahead - claimed.size();
    Duration lease = deps.config().defaults().engine().lease();
    // One writer (SQLite): the claim rides in the next group commit. Several (PostgreSQL): it
    // runs beside them on its own connection, and does not wait for a commit's WAL flush.
    CompletableFuture<List<Task>> claim =
        deps.store().singleWriter()
            ? publisher.claim(new ClaimRequest(id, runnerId, want, deps.clock(), lease))
            : CompletableFuture.supplyAsync(
                () -> {
                  Instant now = deps.clock().instant();
                  return deps.store().tasks().claim(id, runnerId, want, now, now.plus(lease));
                },
                claimer);
    claiming =
        claim.whenComplete(
            (got, error) -> {
              if (got != null) {
                if (got.size() < want) {
                  pacing.claimedShort();
                }
                claimed.addAll(windows(got));
              }
              signal.wake(LoopSignal.CLAIM_DONE);
            });
  }

  /**
   * Whether a claim is still running. A finished one is settled here, so that its failure (the
   * store is gone, say) ends the run on the loop thread. Loop thread only.
   */
  boolean inProgress() {
    Future<?> done = claiming;
    if (done == null) {
      return false;
    }
    if (!done.isDone()) {
      return true;
    }
    claiming = null;
    try {
      done.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AurumException.OperationFailed("claiming tasks of " + id + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AurumException.OperationFailed("interrupted while running " + id);
    }
    return false;
  }

  /**
   * Whether the loop should claim again: no claim is out and fewer than {@code ahead} windows wait.
   * Settles nothing: for workers.
   */
  boolean low(int ahead) {
    Future<?> claim = claiming;
    boolean claimOut = claim != null && !claim.isDone();
    return !claimOut && claimed.size() < ahead;
  }

  /** The next claimed window, or null: whoever takes serialises it with their checks. */
  List<Task> poll() {
    return claimed.poll();
  }

  boolean isEmpty() {
    return claimed.isEmpty();
  }

  /**
   * Waits for a running claim, then hands every claimed task back (PENDING, due now). The caller
   * has stopped the workers from taking windows first. Loop thread only.
   */
  void giveBack() {
    while (inProgress()) {
      signal.await(ClaimLoop.CYCLE.toMillis());
    }
    if (!claimed.isEmpty()) {
      deps.store()
          .tasks()
          .release(claimed.stream().flatMap(List::stream).map(Task::id).toList(), runnerId);
      claimed.clear();
    }
  }

  /** The claimed windows as they are, for the heartbeat to renew their leases: read-only. */
  Collection<List<Task>> claimedWindows() {
    return Collections.unmodifiableCollection(claimed);
  }
}
