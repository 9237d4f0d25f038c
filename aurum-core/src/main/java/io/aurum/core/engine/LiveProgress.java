package io.aurum.core.engine;

import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.TaskState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of a running operation in this process, read by progress displays. Thread-safe. */
public final class LiveProgress {
  public final AtomicLong succeeded = new AtomicLong();
  public final AtomicLong failed = new AtomicLong();
  public final AtomicLong skipped = new AtomicLong();
  public final AtomicLong records = new AtomicLong();
  public final AtomicLong apiCalls = new AtomicLong();
  public final AtomicLong bytes = new AtomicLong();
  public final AtomicLong retries = new AtomicLong();
  public final AtomicLong errors = new AtomicLong();
  // Publishes the store fenced: tasks this process dropped to the runner that took them over.
  public final AtomicLong fenced = new AtomicLong();
  private volatile int total;
  private volatile long startNanos = System.nanoTime();
  private volatile Waiting waiting;

  /** What the operation waits for, and until when ({@link System#nanoTime}). */
  private record Waiting(String what, long untilNanos) {}

  /** Starts from the operation's stored progress (a resumed operation has work done already). */
  public void reset(OperationProgress p) {
    total = p.total();
    succeeded.set(p.count(TaskState.SUCCEEDED));
    failed.set(p.count(TaskState.FAILED));
    skipped.set(p.count(TaskState.SKIPPED) + p.count(TaskState.CANCELLED));
    records.set(p.counters().records());
    apiCalls.set(p.counters().apiCalls());
    bytes.set(p.counters().bytes());
    retries.set(p.counters().retries());
    errors.set(p.counters().errors());
    startNanos = System.nanoTime();
  }

  public int total() {
    return total;
  }

  public long done() {
    return succeeded.get() + failed.get() + skipped.get();
  }

  /**
   * The operation waits {@code remaining} for a quota, a hold after a 429 or an open circuit
   * breaker; {@code what} says so, e.g. "waiting for FRED quota: 429 Retry-After 20 s, resuming at
   * 12:00:03".
   */
  public void waiting(String what, Duration remaining) {
    waiting = new Waiting(what, System.nanoTime() + Math.max(0, remaining.toNanos()));
  }

  /** The wait is over (a request went through). */
  public void doneWaiting() {
    waiting = null;
  }

  /** What the operation waits for now, or null. */
  public String waitingFor() {
    Waiting w = waiting;
    return w == null || System.nanoTime() - w.untilNanos() > 0 ? null : w.what();
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
