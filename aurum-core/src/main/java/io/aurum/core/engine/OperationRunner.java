package io.aurum.core.engine;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults.EngineTimings;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.Connector;
import io.aurum.core.port.HostProcesses;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.port.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one operation in this process until it finishes, pauses or is cancelled: claims due tasks
 * by priority and age under leases, keeps up to {@code concurrency} in flight on a worker pool,
 * heartbeats the operation and the leases, and rereads the operation row every cycle so that pause,
 * cancel and live adjustments from another terminal take effect. Not thread-safe: one {@code run}
 * at a time per instance.
 */
public final class OperationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
  private static final Duration CYCLE = Duration.ofMillis(100);

  /** Fewest tasks claimed at once: claims are a write transaction each. */
  private static final int MIN_CLAIM_AHEAD = 16;

  private static final int PUBLISH_WINDOW_PER_SLOT = 16;

  /**
   * How long the work queued ahead of a task (claimed, or fetched and waiting to be published)
   * should take the publisher: claims and the publish window are cut to what it commits in this
   * time. Larger groups amortise a commit better; smaller ones wait less. On SQLite, 2 ms gave the
   * same throughput as 4 ms with a p99 a third lower, and 1 ms lost a quarter of the throughput.
   */
  private static final Duration PACE = Duration.ofMillis(2);

  /** Put on the finished queue when a claim has come back: wakes the loop. */
  private static final long CLAIM_DONE = -1;

  /** How a run ended. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    PAUSED,
    CANCELLED
  }

  /**
   * What the runner needs from the composition root. {@code processes} tells who this process is
   * (the owner recorded on the operation) and whether an owner on this host is gone.
   */
  public record Dependencies(
      Store store,
      Map<SourceId, Connector> connectors,
      AurumConfig config,
      Clock clock,
      Path failureLogDir,
      EngineListener listener,
      HostProcesses processes) {

    /** Without a view of the host's processes: a crashed owner is taken over after the lease. */
    public Dependencies(
        Store store,
        Map<SourceId, Connector> connectors,
        AurumConfig config,
        Clock clock,
        Path failureLogDir,
        EngineListener listener) {
      this(store, connectors, config, clock, failureLogDir, listener, HostProcesses.UNKNOWN);
    }

    /** Whether the owners of operations are alive. */
    public RunnerLiveness liveness() {
      return new RunnerLiveness(processes, clock, config.defaults().engine().runnerStale());
    }
  }

  private final Dependencies deps;
  private final LiveProgress progress;
  private final String runnerId;
  private final RunnerOwner owner;
  private final String actor;

  public OperationRunner(Dependencies deps, LiveProgress progress) {
    this(deps, progress, "engine");
  }

  /** {@code actor} is who resumes: the audit entry of a takeover names them. */
  public OperationRunner(Dependencies deps, LiveProgress progress, String actor) {
    this.deps = deps;
    this.progress = progress;
    this.actor = actor;
    this.owner = deps.processes().self();
    this.runnerId =
        "runner-"
            + owner.pid()
            + "@"
            + owner.host()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  public String runnerId() {
    return runnerId;
  }

  /** Runs the operation (which must be RUNNING) to its end, a pause, or a cancel. */
  public Outcome run(String operationId) {
    Store store = deps.store();
    EngineTimings timings = deps.config().defaults().engine();
    Operation op = begin(operationId);
    ScheduledExecutorService heartbeat =
        Executors.newSingleThreadScheduledExecutor(daemon("aurum-heartbeat"));
    ExecutorService workers = Executors.newCachedThreadPool(daemon("aurum-worker"));
    ExecutorService claimer = Executors.newSingleThreadExecutor(daemon("aurum-claimer"));
    try (GroupCommitPublisher publisher =
        new GroupCommitPublisher(store.versions(), !store.singleWriter())) {
      TaskProcessor processor = new TaskProcessor(deps, publisher, progress, op);
      Loop loop = new Loop(op, processor, workers, claimer, publisher);
      heartbeat.scheduleAtFixedRate(
          loop::heartbeat,
          timings.heartbeat().toMillis(),
          timings.heartbeat().toMillis(),
          TimeUnit.MILLISECONDS);
      return loop.run();
    } finally {
      heartbeat.shutdownNow();
      claimer.shutdownNow();
      workers.shutdownNow();
      store.operations().releaseRunner(operationId, runnerId);
    }
  }

  /**
   * Takes the operation's runner slot, then its leftovers: tasks a dead runner left RUNNING go back
   * to PENDING, its staged versions are discarded. SUCCEEDED tasks are never touched, so they are
   * never fetched again. Shared with {@link OperationStepper}.
   */
  Operation begin(String operationId) {
    Store store = deps.store();
    Operation op = store.operations().find(operationId).orElseThrow(() -> notFound(operationId));
    claimRunnerSlot(operationId, deps.clock(), deps.config().defaults().engine());
    int released = store.tasks().releaseRunning(operationId);
    int discarded = store.versions().discardStaged(operationId);
    if (released + discarded > 0) {
      LOG.info(
          "{}: released {} in-flight task(s) and discarded {} staged version(s) of a previous run",
          operationId,
          released,
          discarded);
    }
    progress.reset(store.operations().progress(operationId));
    return op;
  }

  /**
   * Takes the operation's runner slot: free, ours, or held by a runner whose heartbeat is older
   * than the lease; or at once, by a compare-and-set on the slot, when the holder ran on this host
   * and is provably gone. Refuses while a live (or possibly live) process holds it.
   */
  private void claimRunnerSlot(String id, Clock clock, EngineTimings timings) {
    OperationRepository ops = deps.store().operations();
    Instant now = clock.instant();
    if (ops.acquireRunner(id, runnerId, owner, now, now.minus(timings.runnerStale()))) {
      return;
    }
    Operation held = ops.find(id).orElseThrow(() -> notFound(id));
    RunnerLiveness liveness = deps.liveness();
    if (held.runnerId() != null && liveness.provablyDead(held.owner())) {
      if (ops.takeOver(id, held.runnerId(), runnerId, owner, clock.instant(), actor)) {
        LOG.info("{}: took over from {}, which is no longer running", id, held.owner().describe());
        return;
      }
      // Another resumer won the slot first (or the holder let go): look again once.
      held = ops.find(id).orElseThrow(() -> notFound(id));
    }
    if (held.runnerId() == null
        && ops.acquireRunner(
            id, runnerId, owner, clock.instant(), now.minus(timings.runnerStale()))) {
      return;
    }
    String who = held.owner() == null ? "another process" : held.owner().describe();
    String beat =
        held.runnerHeartbeatAt() == null
            ? ""
            : " (last heartbeat "
                + Math.max(0, Duration.between(held.runnerHeartbeatAt(), now).toSeconds())
                + " s ago)";
    throw new AurumException.IllegalStateChange(
        "operation "
            + id
            + " is being run by "
            + who
            + beat
            + ": pause or cancel it there, or resume again once that process has stopped"
            + " heartbeating for "
            + timings.runnerStale().toSeconds()
            + " s");
  }

  /** The claim loop of one run. */
  private final class Loop {
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
     * The claim waiting for or riding in a group commit, if any. Set and settled by the loop;
     * workers only ask whether it is done.
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

    Loop(
        Operation op,
        TaskProcessor processor,
        ExecutorService workers,
        ExecutorService claimer,
        GroupCommitPublisher publisher) {
      this.id = op.id();
      this.current = op;
      this.processor = processor;
      this.workers = workers;
      this.claimer = claimer;
      this.publisher = publisher;
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
      long lastRead = System.nanoTime();
      while (true) {
        if (System.nanoTime() - lastRead >= CYCLE.toNanos()) {
          current = deps.store().operations().find(id).orElseThrow(() -> notFound(id));
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
     * #claimAhead} by a claim that rides in the publisher's next group commit (alone when nothing
     * waits to be published): on SQLite, claims then cost no write transaction of their own, and
     * the loop keeps starting tasks while the claim waits.
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
     * worker whose fetch has ended or whose task is done: the next task then starts at once,
     * without waking the loop (a thread wake-up costs several microseconds of two busy cores).
     */
    private void startTasks() {
      synchronized (starting) {
        while (!stopped
            && fetching.get() < slots
            && inflight.size() < window
            && !claimed.isEmpty()) {
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
     * Wakes the loop when it has something to do: claim again (the claimed queue ran low and no
     * claim is out), see that nothing is in flight (the end, or a drain), or drain after a stop.
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
      return finishOperation(id);
    }

    void heartbeat() {
      try {
        Instant now = deps.clock().instant();
        deps.store().operations().heartbeat(id, runnerId, now);
        List<Long> ids = new java.util.ArrayList<>();
        inflightTasks.values().forEach(w -> w.forEach(t -> ids.add(t.id())));
        claimed.forEach(w -> w.forEach(t -> ids.add(t.id())));
        if (!ids.isEmpty()) {
          deps.store()
              .tasks()
              .renewLeases(runnerId, ids, now.plus(deps.config().defaults().engine().lease()));
        }
      } catch (Throwable t) {
        // A periodic task dies silently on an exception: keep beating.
        LOG.warn("heartbeat of {} failed: {}", id, t.toString());
      }
    }
  }

  /** Nothing is left to run: the operation ends SUCCEEDED, or FAILED if a task failed. */
  Outcome finishOperation(String id) {
    // Nothing is in flight: staged versions left by skipped conflicts can go.
    deps.store().versions().discardStaged(id);
    OperationProgress p = deps.store().operations().progress(id);
    boolean failed = p.count(TaskState.FAILED) > 0;
    OperationState to = failed ? OperationState.FAILED : OperationState.SUCCEEDED;
    String detail =
        p.count(TaskState.SUCCEEDED)
            + " task(s) succeeded, "
            + p.count(TaskState.FAILED)
            + " failed, "
            + p.count(TaskState.SKIPPED)
            + " skipped";
    if (!deps.store().operations().transition(id, OperationState.RUNNING, to, "engine", detail)) {
      // Someone paused or cancelled it at the last moment: report what it is now.
      Operation now = deps.store().operations().find(id).orElseThrow(() -> notFound(id));
      return switch (now.state()) {
        case PAUSED -> Outcome.PAUSED;
        case CANCELLED -> Outcome.CANCELLED;
        case SUCCEEDED -> Outcome.SUCCEEDED;
        default -> Outcome.FAILED;
      };
    }
    return failed ? Outcome.FAILED : Outcome.SUCCEEDED;
  }

  /**
   * Claimed tasks as fetch windows: tasks of one fetch group, the windows in the claim's order
   * (priority, then id) and each window's tasks in period order.
   */
  static List<List<Task>> windows(List<Task> claimed) {
    Map<Long, List<Task>> byGroup = new java.util.LinkedHashMap<>();
    for (Task t : claimed) {
      byGroup.computeIfAbsent(t.fetchGroup(), g -> new java.util.ArrayList<>()).add(t);
    }
    List<List<Task>> out = new java.util.ArrayList<>(byGroup.size());
    for (List<Task> w : byGroup.values()) {
      if (w.size() > 1) {
        w.sort(java.util.Comparator.comparing((Task t) -> t.partition().period()));
      }
      out.add(w);
    }
    return out;
  }

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

  private static AurumException notFound(String id) {
    return new AurumException.NotFound("no operation " + id + ": list them with aurum ops list");
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
