package io.aurum.core.engine;

import static io.aurum.core.engine.ClaimPacing.PACE;
import static io.aurum.core.engine.ClaimPacing.claimAhead;
import static io.aurum.core.engine.ClaimPacing.publishWindow;
import static io.aurum.core.engine.FetchWindows.windows;
import static io.aurum.core.engine.OperationRunner.notFound;

import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.ClaimRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The claim loop of one run: claims fetch windows ahead under leases, schedules them on the worker
 * pool within the concurrency and the publish window, and follows pause, cancel and live
 * adjustments until the operation ends. One {@link #run} per instance, on the runner's thread;
 * workers and the heartbeat thread call into it concurrently where noted.
 */
final class ClaimLoop {
  private static final Duration CYCLE = Duration.ofMillis(100);

  /** Put on the finished queue when a claim has come back: wakes the loop. */
  private static final long CLAIM_DONE = -1;

  private final OperationRunner.Dependencies deps;
  private final RunnerSlot slot;
  private final OperationFinisher finisher;
  private final String runnerId;
  private final String id;
  private final TaskProcessor processor;
  private final ExecutorService workers;
  private final GroupCommitPublisher publisher;
  private final ExecutorService claimer;

  /** Windows in flight, by their first task's id; their tasks, for the heartbeat. */
  private final Map<Long, Future<?>> inflight = new ConcurrentHashMap<>();

  private final Map<Long, List<Task>> inflightTasks = new ConcurrentHashMap<>();

  /** Claimed fetch windows not started yet, each its tasks in period order. */
  private final Deque<List<Task>> claimed = new ConcurrentLinkedDeque<>();

  private final BlockingQueue<Long> finished = new LinkedBlockingQueue<>();
  private final AtomicInteger running = new AtomicInteger();

  /** Tasks still fetching: the ones that count against the concurrency. */
  private final AtomicInteger fetching = new AtomicInteger();

  /**
   * The claim waiting for or riding in a group commit, if any. Set and settled by the loop; workers
   * only ask whether it is done.
   */
  private volatile Future<?> claiming;

  /**
   * The loop's latest limits, read by workers that start the next task themselves: fetch slots,
   * tasks in flight, and the claim-ahead below which the loop should claim again.
   */
  private volatile int slots;

  private volatile int window;
  private volatile int ahead;

  /** Set once the loop stops starting tasks (pause, cancel): workers start none either. */
  private volatile boolean stopped;

  /** Serialises starting tasks between the loop and the workers. */
  private final Object starting = new Object();

  /** When a claim last came back with fewer tasks than it asked for ({@link System#nanoTime}). */
  private volatile long lastShortClaim = System.nanoTime() - CYCLE.toNanos();

  private Operation current;

  private final EmergencyWatch emergencies;

  ClaimLoop(
      OperationRunner.Dependencies deps,
      RunnerSlot slot,
      OperationFinisher finisher,
      Operation op,
      TaskProcessor processor,
      ExecutorService workers,
      ExecutorService claimer,
      GroupCommitPublisher publisher) {
    this.deps = deps;
    this.slot = slot;
    this.finisher = finisher;
    this.runnerId = slot.runnerId();
    this.id = op.id();
    this.current = op;
    this.processor = processor;
    this.workers = workers;
    this.claimer = claimer;
    this.publisher = publisher;
    this.emergencies =
        new EmergencyWatch(
            deps.store(), deps.clock(), deps.config().defaults().engine().heartbeat(), id);
  }

  Outcome run() {
    try {
      return loop();
    } finally {
      // However the loop ends (a failure too), workers finishing after it start nothing: the
      // pool is about to shut down.
      stop();
    }
  }

  /** Workers and the loop start no more tasks. */
  private void stop() {
    synchronized (starting) {
      stopped = true;
    }
  }

  private Outcome loop() {
    long lastRead = System.nanoTime() - CYCLE.toNanos();
    while (true) {
      if (System.nanoTime() - lastRead >= CYCLE.toNanos()) {
        current = deps.store().operations().find(id).orElseThrow(() -> notFound(id));
        // An emergency declared anywhere pauses the run here, even if its own pause raced it.
        boolean paused = emergencies.observe(current);
        processor.monitor(emergencies.level());
        if (paused) {
          current = deps.store().operations().find(id).orElseThrow(() -> notFound(id));
        }
        lastRead = System.nanoTime();
        processor.adjust(current.spec());
      }
      switch (current.state()) {
        case RUNNING -> {}
        case PAUSED -> {
          // In-flight windows stop at their next page boundary; their tasks go back to PENDING.
          processor.pauseAtPageBoundary();
          returnClaimed();
          drain(false);
          return Outcome.PAUSED;
        }
        case CANCELLED -> {
          returnClaimed();
          // cancel --force marks RUNNING tasks CANCELLED at once: then abort what is in flight.
          boolean forced =
              !inflight.isEmpty()
                  && deps.store().tasks().list(id, Set.of(TaskState.RUNNING)).isEmpty();
          drain(forced);
          deps.store().tasks().cancel(id, false);
          return Outcome.CANCELLED;
        }
        default -> {
          drain(false);
          return current.state() == OperationState.SUCCEEDED ? Outcome.SUCCEEDED : Outcome.FAILED;
        }
      }
      OperationSpec spec = current.spec();
      fill(spec);
      if (inflight.isEmpty() && claimed.isEmpty() && !claimInProgress()) {
        Optional<Instant> due = deps.store().tasks().nextDue(id);
        if (due.isEmpty()) {
          return finish();
        }
        long waitMs = Duration.between(deps.clock().instant(), due.get()).toMillis();
        awaitCompletion(Math.max(1, Math.min(waitMs, CYCLE.toMillis())));
      } else {
        awaitCompletion(CYCLE.toMillis());
      }
    }
  }

  /**
   * Claims ahead and starts tasks while slots are free. The claimed queue is topped up to {@link
   * ClaimPacing#claimAhead} by a claim that rides in the publisher's next group commit (alone when
   * nothing waits to be published): on SQLite, claims then cost no write transaction of their own,
   * and the loop keeps starting tasks while the claim waits.
   */
  private void fill(OperationSpec spec) {
    int concurrency = Math.max(1, spec.concurrency());
    // Little's law: what waits ahead of a task is about what the publisher commits in PACE, so a
    // partition waits for about one group commit, whether the publisher runs cold or warm.
    int pace = Math.max(concurrency, publisher.groupWithin(PACE));
    int ahead = Math.min(claimAhead(concurrency), pace);
    // After a claim that found fewer due tasks than it wanted, the next waits a cycle: retries
    // fall due over time, and an empty claim is still a write.
    boolean drained = System.nanoTime() - lastShortClaim < CYCLE.toNanos();
    if (!drained && !claimInProgress() && claimed.size() < ahead) {
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
                    lastShortClaim = System.nanoTime();
                  }
                  claimed.addAll(windows(got));
                }
                finished.add(CLAIM_DONE);
              });
    }
    // Concurrency bounds the fetches (the load on the upstream). A fetched task waiting for its
    // group commit frees its slot, so the next fetch overlaps the commit and the publisher finds
    // whole groups waiting; the window bounds how many such tasks (and their rows) wait.
    slots = concurrency;
    window = concurrency + Math.min(publishWindow(concurrency), pace);
    this.ahead = ahead;
    startTasks();
  }

  /**
   * Starts claimed tasks while fetch slots and the window allow. The loop calls it, and so does a
   * worker whose fetch has ended or whose task is done: the next task then starts at once, without
   * waking the loop (a thread wake-up costs several microseconds of two busy cores).
   */
  private void startTasks() {
    synchronized (starting) {
      while (!stopped && fetching.get() < slots && inflight.size() < window && !claimed.isEmpty()) {
        start(claimed.poll());
      }
    }
  }

  private void start(List<Task> w) {
    Task t = w.get(0);
    running.incrementAndGet();
    fetching.incrementAndGet();
    java.util.concurrent.atomic.AtomicBoolean fetched =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable upstreamDone =
        () -> {
          if (fetched.compareAndSet(false, true)) {
            fetching.decrementAndGet();
            startTasks();
            wakeIfNeeded(t.id());
          }
        };
    // Registered before it starts, so that a task finishing at once cannot leave a ghost entry.
    FutureTask<Void> work =
        new FutureTask<>(
            () -> {
              try {
                processor.process(w, upstreamDone);
              } finally {
                upstreamDone.run();
                inflight.remove(t.id());
                inflightTasks.remove(t.id());
                running.decrementAndGet();
                startTasks();
                wakeIfNeeded(t.id());
              }
            },
            null);
    inflightTasks.put(t.id(), w);
    inflight.put(t.id(), work);
    workers.execute(work);
  }

  /**
   * Wakes the loop when it has something to do: claim again (the claimed queue ran low and no claim
   * is out), see that nothing is in flight (the end, or a drain), or drain after a stop.
   */
  private void wakeIfNeeded(long taskId) {
    Future<?> claim = claiming;
    boolean claimOut = claim != null && !claim.isDone();
    if (stopped || inflight.isEmpty() || (!claimOut && claimed.size() < ahead)) {
      finished.add(taskId);
    }
  }

  /**
   * Whether a claim is still running. A finished one is settled here, so that its failure (the
   * store is gone, say) ends the run as it would have on the loop thread.
   */
  private boolean claimInProgress() {
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

  /** Waits for a running claim, so that what it claims can be returned. */
  private void awaitClaim() {
    while (claimInProgress()) {
      awaitCompletion(CYCLE.toMillis());
    }
  }

  private void awaitCompletion(long millis) {
    try {
      Long first = finished.poll(millis, TimeUnit.MILLISECONDS);
      if (first != null) {
        finished.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AurumException.OperationFailed("interrupted while running " + id);
    }
  }

  private void returnClaimed() {
    stop();
    awaitClaim();
    if (!claimed.isEmpty()) {
      deps.store().tasks().release(claimed.stream().flatMap(List::stream).map(Task::id).toList());
      claimed.clear();
    }
  }

  private void drain(boolean abort) {
    stop();
    if (abort) {
      processor.cancel();
      inflight.values().forEach(f -> f.cancel(true));
    }
    while (running.get() > 0) {
      awaitCompletion(CYCLE.toMillis());
    }
  }

  private Outcome finish() {
    return finisher.finish(id);
  }

  /** One beat of the heartbeat thread: the runner slot and the leases of the tasks it holds. */
  void heartbeat() {
    if (!emergencies.beatDue()) {
      return;
    }
    slot.heartbeat(id, this::heldTaskIds);
  }

  /** The tasks of the windows in flight or claimed, whose leases the heartbeat renews. */
  private List<Long> heldTaskIds() {
    List<Long> ids = new java.util.ArrayList<>();
    inflightTasks.values().forEach(w -> w.forEach(t -> ids.add(t.id())));
    claimed.forEach(w -> w.forEach(t -> ids.add(t.id())));
    return ids;
  }
}
