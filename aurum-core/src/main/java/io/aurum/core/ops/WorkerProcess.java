package io.aurum.core.ops;

import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.port.WorkerRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code aurum worker} process: registers in the store, heartbeats, reclaims the windows of
 * dead workers once their leases expire, and runs windows of the submitted operations of its
 * sources (the highest priority, then the oldest, first) with the engine, its id owning the leases
 * it claims; it leaves an operation for one of a higher priority submitted later. {@link #drain}
 * (SIGTERM) lets the page in flight finish, gives its claims back to the other workers and
 * deregisters; it never pauses an operation. Thread-safe: {@link #run} on one thread, {@link
 * #drain} and {@link #ready} from any.
 */
public final class WorkerProcess {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

  /** How often an idle worker looks for work. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

  /** How often a worker running an operation looks for one of a higher priority. */
  static final Duration PREEMPT_CHECK = Duration.ofSeconds(1);

  /** What a worker takes: its sources (lower-case; empty: all), windows at once and its poll. */
  public record Settings(Set<String> sources, int concurrency, Duration poll) {}

  private final OperationRunner.Dependencies deps;
  private final Settings settings;
  private final String id;
  private final RunnerOwner self;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final CountDownLatch wake = new CountDownLatch(1);
  private volatile boolean registered;
  private volatile boolean storeAnswers;

  /** {@code deps} carry the lease ({@link io.aurum.core.config.AurumConfig#withLease}). */
  public WorkerProcess(OperationRunner.Dependencies deps, Settings settings) {
    this.deps = deps;
    this.settings = settings;
    this.self = deps.processes().self();
    this.id =
        "worker-"
            + self.pid()
            + "@"
            + self.host()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The worker's id: the lease owner of the tasks it claims. */
  public String id() {
    return id;
  }

  /** Registered, and the store answered its last heartbeat. */
  public boolean ready() {
    return registered && storeAnswers && !draining.get();
  }

  /** Asks the worker to stop: the page in flight finishes, its claims go back, it deregisters. */
  public void drain() {
    if (draining.compareAndSet(false, true)) {
      wake.countDown();
    }
  }

  public boolean draining() {
    return draining.get();
  }

  /** Runs until {@link #drain}; returns once deregistered. */
  public void run() {
    WorkerRepository workers = deps.store().workers();
    Duration lease = deps.config().defaults().engine().lease();
    Duration beat = deps.config().defaults().engine().heartbeat();
    workers.register(
        new WorkerRepository.Registration(
            id,
            self.host(),
            self.pid(),
            settings.sources(),
            settings.concurrency(),
            deps.clock().instant()));
    registered = true;
    storeAnswers = true;
    LOG.info(
        "worker {} registered: sources {}, concurrency {}, lease {} s",
        id,
        settings.sources().isEmpty() ? "all" : String.join(",", settings.sources()),
        settings.concurrency(),
        lease.toSeconds());
    ScheduledExecutorService heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "aurum-worker-heartbeat");
              t.setDaemon(true);
              return t;
            });
    heartbeat.scheduleAtFixedRate(
        this::beat, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
    try {
      while (!draining.get()) {
        if (!runOne()) {
          idle();
        }
      }
    } finally {
      heartbeat.shutdownNow();
      workers.deregister(id, deps.clock().instant());
      registered = false;
      LOG.info("worker {} drained and deregistered", id);
    }
  }

  /** Runs this worker's share of the first runnable operation; false when there was none. */
  private boolean runOne() {
    List<String> runnable;
    try {
      deps.store().workers().reclaimExpired(deps.clock().instant());
      runnable = deps.store().workers().runnable(settings.sources(), deps.clock().instant());
    } catch (RuntimeException e) {
      // The store is away: not ready, and try again after the poll.
      storeAnswers = false;
      LOG.warn("worker {} cannot read the queue: {}", id, e.getMessage());
      return false;
    }
    if (runnable.isEmpty()) {
      return false;
    }
    String op = runnable.get(0);
    try {
      Preemption leave = new Preemption(op, rankOf(op));
      OperationRunner.Outcome o =
          OperationRunner.runShared(
              deps, new LiveProgress(), id, op, settings.concurrency(), leave::due);
      LOG.debug("worker {} left {}: {}", id, op, o);
      // Left with nothing to do (other workers hold its last windows, or it was paused): wait a
      // poll before asking again instead of spinning on the queue; a higher priority goes at once.
      return o != OperationRunner.Outcome.PAUSED || leave.higherWaits;
    } catch (RuntimeException e) {
      // One operation's trouble (ended or refused meanwhile) must not stop the worker.
      LOG.warn("worker {} on {}: {}", id, op, e.getMessage());
      return false;
    }
  }

  private int rankOf(String op) {
    return deps.store()
        .operations()
        .find(op)
        .map(o -> o.priority().rank())
        .orElse(io.aurum.core.model.Priority.LOW.rank());
  }

  /**
   * When the worker leaves the operation it runs: on {@link #drain}, or once an operation of a
   * higher priority waits in the queue (read at most every {@link #PREEMPT_CHECK}); its windows
   * then stop at a page boundary and go back to PENDING for whoever comes next. Loop thread only.
   */
  private final class Preemption {
    private final String op;
    private final int rank;
    private long nextCheckMillis;
    private boolean higherWaits;

    Preemption(String op, int rank) {
      this.op = op;
      this.rank = rank;
      this.nextCheckMillis = deps.clock().millis() + PREEMPT_CHECK.toMillis();
    }

    boolean due() {
      if (draining.get() || higherWaits) {
        return true;
      }
      long now = deps.clock().millis();
      if (now < nextCheckMillis) {
        return false;
      }
      nextCheckMillis = now + PREEMPT_CHECK.toMillis();
      try {
        List<String> queue =
            deps.store().workers().runnable(settings.sources(), deps.clock().instant());
        if (!queue.isEmpty() && !queue.get(0).equals(op) && rankOf(queue.get(0)) < rank) {
          higherWaits = true;
          LOG.info("worker {} leaves {} for {}, of a higher priority", id, op, queue.get(0));
        }
      } catch (RuntimeException e) {
        // The store is away for a moment: keep running what is in hand.
      }
      return higherWaits;
    }
  }

  private void idle() {
    try {
      wake.await(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drain();
    }
  }

  /** One beat: the worker's row (a STOPPED row means someone removed it: it drains). */
  private void beat() {
    try {
      Instant now = deps.clock().instant();
      boolean alive = deps.store().workers().heartbeat(id, now);
      storeAnswers = true;
      if (!alive) {
        LOG.warn("worker {} is no longer registered: draining", id);
        drain();
      }
    } catch (Throwable t) {
      storeAnswers = false;
      LOG.warn("heartbeat of worker {} failed: {}", id, t.toString());
    }
  }
}
