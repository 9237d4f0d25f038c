package io.aurum.core.engine;

import java.time.Duration;

/**
 * Sizes the run loop's queues: how many tasks it claims ahead and how many fetched tasks may wait
 * for the group commit, paced to what the publisher commits. Thread-safe: static and stateless.
 */
final class ClaimPacing {
  /** Fewest tasks claimed at once: claims are a write transaction each. */
  private static final int MIN_CLAIM_AHEAD = 16;

  private static final int PUBLISH_WINDOW_PER_SLOT = 16;

  /**
   * How long the work queued ahead of a task (claimed, or fetched and waiting to be published)
   * should take the publisher: claims and the publish window are cut to what it commits in this
   * time. Larger groups amortise a commit better; smaller ones wait less. On SQLite, 2 ms gave the
   * same throughput as 4 ms with a p99 a third lower, and 1 ms lost a quarter of the throughput.
   */
  static final Duration PACE = Duration.ofMillis(2);

  private ClaimPacing() {}

  /**
   * How many claimed-but-not-started tasks to hold: at least twice the concurrency, so a finished
   * task is replaced at once, and at least {@link #MIN_CLAIM_AHEAD}. Kept small: a claimed task
   * waits in the queue, and its lease is renewed, until a slot frees up.
   */
  static int claimAhead(int concurrency) {
    return Math.max(2 * concurrency, MIN_CLAIM_AHEAD);
  }

  /** How many fetched tasks may wait for the group commit besides the ones fetching. */
  static int publishWindow(int concurrency) {
    return Math.min(GroupCommitPublisher.MAX_GROUP, PUBLISH_WINDOW_PER_SLOT * concurrency);
  }
}
