package io.aurum.core.engine;

import io.aurum.core.error.AurumException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the claim loop: workers whose task has moved on and a claim that has come back signal it,
 * and the loop sleeps on it between cycles. Thread-safe: any thread signals, the loop's thread
 * waits.
 */
final class LoopSignal {
  /** Signalled when a claim has come back (task ids are positive). */
  static final long CLAIM_DONE = -1;

  private final BlockingQueue<Long> finished = new LinkedBlockingQueue<>();
  private final String operationId;

  LoopSignal(String operationId) {
    this.operationId = operationId;
  }

  /**
   * Wakes the loop, or makes its next wait return at once; {@code what}: a task id or CLAIM_DONE.
   */
  void wake(long what) {
    finished.add(what);
  }

  /**
   * Waits up to {@code millis} for a signal; the signals that came in meanwhile are all taken with
   * it. An interrupt fails the run.
   */
  void await(long millis) {
    try {
      Long first = finished.poll(millis, TimeUnit.MILLISECONDS);
      if (first != null) {
        finished.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AurumException.OperationFailed("interrupted while running " + operationId);
    }
  }
}
