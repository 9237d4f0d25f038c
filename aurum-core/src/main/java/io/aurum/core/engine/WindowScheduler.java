package io.aurum.core.engine;

import io.aurum.core.engine.ClaimPacing.Limits;
import io.aurum.core.model.Task;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs one run's claimed fetch windows on the worker pool within the loop's latest {@link Limits}.
 * The loop starts them, and so does a worker whose fetch has ended or whose task is done: the next
 * task then starts at once, without waking the loop (a thread wake-up costs several microseconds of
 * two busy cores), which is woken only when it has something to do. Once stopped (a pause, a
 * cancel, the end), nothing starts. Thread-safe: the loop and the workers start windows.
 */
final class WindowScheduler {
  private final ExecutorService workers;
  private final BiConsumer<List<Task>, Runnable> process;
  private final ClaimQueue claims;
  private final LoopSignal signal;

  /**
   * A window handed to the pool: its work, whether a worker has begun it (or an abort has claimed
   * it first), and what ends its bookkeeping.
   */
  private record Window(Future<?> work, AtomicBoolean begun, Runnable finished) {}

  /** Windows in flight, by their first task's id; their tasks, for the heartbeat. */
  private final Map<Long, Window> inflight = new ConcurrentHashMap<>();

  private final Map<Long, List<Task>> inflightTasks = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();

  /** Tasks still fetching: the ones that count against the concurrency. */
  private final AtomicInteger fetching = new AtomicInteger();

  private volatile Limits limits = Limits.NONE;

  /** Set once the loop stops starting tasks (pause, cancel): workers start none either. */
  private volatile boolean stopped;

  /** Serialises starting tasks between the loop and the workers. */
  private final Object starting = new Object();

  /**
   * {@code process} runs a window on a worker and calls its second argument once the window's
   * fetches are over (the task processor's {@code process}).
   */
  WindowScheduler(
      ExecutorService workers,
      BiConsumer<List<Task>, Runnable> process,
      ClaimQueue claims,
      LoopSignal signal) {
    this.workers = workers;
    this.process = process;
    this.claims = claims;
    this.signal = signal;
  }

  /** Takes the loop's latest limits and starts claimed windows while they allow. */
  void startWithin(Limits latest) {
    limits = latest;
    startTasks();
  }

  private void startTasks() {
    synchronized (starting) {
      while (!stopped
          && fetching.get() < limits.slots()
          && inflight.size() < limits.window()
          && !claims.isEmpty()) {
        start(claims.poll());
      }
    }
  }

  private void start(List<Task> w) {
    Task t = w.get(0);
    running.incrementAndGet();
    fetching.incrementAndGet();
    AtomicBoolean fetched = new AtomicBoolean();
    Runnable upstreamDone =
        () -> {
          if (fetched.compareAndSet(false, true)) {
            fetching.decrementAndGet();
            startTasks();
            wakeIfNeeded(t.id());
          }
        };
    Runnable finished =
        () -> {
          upstreamDone.run();
          inflight.remove(t.id());
          inflightTasks.remove(t.id());
          running.decrementAndGet();
          startTasks();
          wakeIfNeeded(t.id());
        };
    AtomicBoolean begun = new AtomicBoolean();
    // Registered before it starts, so that a task finishing at once cannot leave a ghost entry.
    FutureTask<Void> work =
        new FutureTask<>(
            () -> {
              if (!begun.compareAndSet(false, true)) {
                return; // aborted before it began: the abort has finished it
              }
              try (LogContext logs = LogContext.of(w)) {
                process.accept(w, upstreamDone);
              } finally {
                finished.run();
              }
            },
            null);
    inflightTasks.put(t.id(), w);
    inflight.put(t.id(), new Window(work, begun, finished));
    workers.execute(work);
  }

  /**
   * Wakes the loop when it has something to do: claim again (the claimed queue ran low and no claim
   * is out), see that nothing is in flight (the end, or a drain), or drain after a stop.
   */
  private void wakeIfNeeded(long taskId) {
    if (stopped || inflight.isEmpty() || claims.low(limits.ahead())) {
      signal.wake(taskId);
    }
  }

  /** Workers and the loop start no more windows. */
  void stop() {
    synchronized (starting) {
      stopped = true;
    }
  }

  /**
   * Interrupts every window in flight (a forced cancel). A window handed to the pool that no worker
   * has begun never will: it is finished here, since a cancelled task's worker runs none of it and
   * the loop's drain would otherwise wait for it forever.
   */
  void abort() {
    for (Window w : inflight.values()) {
      if (w.begun().compareAndSet(false, true)) {
        w.work().cancel(false);
        w.finished().run();
      } else {
        w.work().cancel(true);
      }
    }
  }

  /** Whether no window is in flight. */
  boolean idle() {
    return inflight.isEmpty();
  }

  /** Windows whose worker has not finished yet (in flight, or just leaving). */
  int running() {
    return running.get();
  }

  /** The windows in flight as they are, for the heartbeat to renew their leases: read-only. */
  Collection<List<Task>> inflightWindows() {
    return Collections.unmodifiableCollection(inflightTasks.values());
  }
}
