package io.aurum.core.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Where a pacer ({@link SourceThrottle}, {@link SharedThrottle}) reads time and how it waits: the
 * system's, or a test's.
 */
public interface Ticker {
  long nanos();

  void sleep(long nanos) throws InterruptedException;

  /**
   * Sleeps up to {@code waitNanos} (at most 50 ms, so a cancel is seen soon) unless {@code
   * cancelled}: the one wait of every pacer.
   *
   * @throws CancellationException when cancelled or interrupted
   */
  default void pause(long waitNanos, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("operation cancelled");
    }
    try {
      sleep(Math.min(waitNanos, 50_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the rate limiter");
    }
  }

  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanos() {
          return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
          // Not Thread.sleep: it rounds to whole milliseconds, 1 % of a 20/s interval.
          LockSupport.parkNanos(nanos);
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      };
}
