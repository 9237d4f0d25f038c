package io.aurum.core.engine;

import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.TaskState;
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
  private volatile int total;
  private volatile long startNanos = System.nanoTime();

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

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
