package io.aurum.core.engine;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Task;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.core.quality.QualityGate;
import io.aurum.core.replay.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task, start to end: fetch through the source's rate limiter, quality gate, stage in batches
 * when large, then write–audit–publish through the group-commit publisher, resolving a moved head
 * by the operation's conflict strategy. Retryable errors reschedule the task with backoff;
 * permanent ones fail it into the failure log. Thread-safe: workers share one instance.
 *
 * <p>This class fetches the window and adjusts the live settings; the rest is its parts': {@link
 * CandidatePreparer} (rows per partition, transforms, quality gate), {@link WindowPublisher} and
 * {@link Publication} (publication and settling conflicts), {@link TaskFailures} (retries, waits,
 * failures, counters and the failure log), over the shared {@link TaskContext}.
 */
final class TaskProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);

  private final TaskContext ctx;
  private final TaskFailures failures;
  private final WindowPublisher publishing;
  private volatile boolean pausing;
  // Per market of a per-market source (ISO), else one: throttle, shared quota, breaker, slots.
  private final QuotaLanes lanes;
  // What the operation waits for, on the progress line and in `aurum status`.
  private final WaitNotes waits;

  TaskProcessor(
      OperationRunner.Dependencies deps,
      GroupCommitPublisher publisher,
      LiveProgress progress,
      Operation op) {
    this.ctx = new TaskContext(deps, publisher, progress, op);
    // Routine ingestion may use the whole quota; every other operation leaves it its share.
    this.lanes =
        new QuotaLanes(
            deps.store().quotaLedger(),
            op.source(),
            deps.config().quotas().get(op.source()),
            java.util.Objects.requireNonNullElse(op.spec().params().quotaKey(), "default"),
            op.type() == OperationType.INGEST,
            op.spec().rateLimit(),
            deps.clock(),
            deps.listener(),
            deps.config().defaults().engine().fetchSlotLease());
    this.waits = new WaitNotes(deps.store().operations(), op.id(), progress, deps.clock());
    this.failures = new TaskFailures(ctx, waits);
    this.publishing = new WindowPublisher(ctx, new CandidatePreparer(ctx, failures), failures);
    adjust(op.spec());
  }

  /** The monitoring level the run loop last read: above normal, every defect holds a version. */
  void monitor(MonitorLevel level) {
    ctx.monitor = level;
  }

  /** Live adjustment: a changed rate limit or retry setting takes effect for the next request. */
  void adjust(OperationSpec next) {
    OperationSpec prev = ctx.spec;
    ctx.spec = next;
    if (prev != null && !qualitySettings(prev).equals(qualitySettings(next))) {
      // validate enable: the next versions pass the new profile's gate.
      ctx.gate = QualityGate.forOperation(ctx.deps.config(), ctx.op.withSpec(next));
    }
    if (prev != null && !java.util.Objects.equals(prev.rateLimit(), next.rateLimit())) {
      lanes.rate(next.rateLimit());
    }
    if (prev == null
        || prev.maxRetries() != next.maxRetries()
        || prev.retryBackoffSeconds() != next.retryBackoffSeconds()) {
      ctx.retry =
          new RetryPolicy(
              next.maxRetries(),
              Duration.ofMillis((long) (next.retryBackoffSeconds() * 1000)),
              new Random());
    }
  }

  private static io.aurum.core.model.OperationParams.Quality qualitySettings(OperationSpec s) {
    return s.params().quality();
  }

  /** Aborts in-flight work (cancel --force): rate-limit waits and fetches stop. */
  void cancel() {
    ctx.cancelled = true;
  }

  void process(Task task) {
    process(List.of(task), () -> {});
  }

  /** Stops every in-flight window at its next page boundary: its tasks go back to PENDING. */
  void pauseAtPageBoundary() {
    pausing = true;
  }

  /**
   * Runs one fetch window: its tasks (one dataset, or datasets one request combines; in period
   * order, claimed together) are fetched by one run of upstream requests over their span, the rows
   * are split by dataset and partition, and each partition is gated and published on its own.
   * {@code upstreamDone} is called once the fetch has ended (well or not), when the window needs
   * the upstream no more and only waits for its publishes.
   */
  void process(List<Task> window, Runnable upstreamDone) {
    AtomicLong calls = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Task first = window.get(0);
    PartitionKey key = first.partition();
    // A window holds one dataset, or several a request may combine (BLS): their tasks apart.
    Map<String, List<Task>> byDataset = new java.util.LinkedHashMap<>();
    for (Task t : window) {
      byDataset.computeIfAbsent(t.partition().dataset(), k -> new ArrayList<>()).add(t);
    }
    Map<String, Dataset> datasets = new HashMap<>();
    try {
      for (String name : byDataset.keySet()) {
        datasets.put(name, ctx.deps.config().catalog().get(key.source(), name));
      }
    } catch (AurumException e) {
      upstreamDone.run();
      failures.failAll(window, e.getMessage(), null, Counters.ZERO);
      return;
    }
    Dataset dataset = datasets.get(key.dataset());
    Connector connector = ctx.deps.connectors().get(key.source());
    if (connector == null) {
      upstreamDone.run();
      failures.failAll(
          window, "no connector for source " + key.source().cliName(), null, Counters.ZERO);
      return;
    }
    QuotaLanes.Lane lane = lanes.of(dataset);
    LanePacer limiter = lane.throttle();
    SourceGuard guard = lane.guard;
    java.util.concurrent.atomic.AtomicReference<Instant> settled =
        new java.util.concurrent.atomic.AtomicReference<>();
    FetchContext context =
        new FetchContext() {
          @Override
          public void beforeRequest() {
            checkStop();
            // Paced first, then counted in the shared ledger: its fixed windows then see the
            // spacing, not the workers queued up behind it.
            long paced = System.nanoTime();
            try {
              limiter.acquire(() -> ctx.cancelled || pausing);
            } catch (CancellationException e) {
              checkStop();
              throw e;
            }
            ctx.deps
                .listener()
                .quotaWaited(
                    ctx.op, lane.name(), "rate_limit", Duration.ofNanos(System.nanoTime() - paced));
            guard.beforeRequest();
          }

          @Override
          public void afterResponse(long n) {
            limiter.responded();
            calls.incrementAndGet();
            bytes.addAndGet(n);
            ctx.progress.apiCalls.incrementAndGet();
            ctx.progress.bytes.addAndGet(n);
            ctx.deps.listener().upstreamBytes(ctx.op, key.dataset(), n);
          }

          @Override
          public void responded(int status, Duration elapsed) {
            ctx.deps.listener().upstreamRequest(ctx.op, key.dataset(), status, elapsed);
          }

          @Override
          public void settledUntil(Instant until) {
            settled.accumulateAndGet(until, (a, b) -> a == null || b.isBefore(a) ? b : a);
          }
        };
    Map<String, List<Observation>> rows = new HashMap<>();
    byDataset.keySet().forEach(name -> rows.put(name, new ArrayList<>()));
    boolean[] suspended = {false};
    try {
      List<Connector.FetchRequest> requests = new ArrayList<>(byDataset.size());
      byDataset.forEach((name, tasks) -> requests.add(request(tasks, datasets.get(name))));
      LaneSlots.Entry entered = lane.sharedSlots() ? enterShared(lane) : lane.enter(NEVER);
      if (entered == null) {
        // Every fetch slot of this lane is busy (in this process, or in all of them on
        // PostgreSQL): free the worker for the other markets, and for the other processes.
        upstreamDone.run();
        failures.waitFor(
            window,
            ctx.deps.clock().instant().plus(lane.slotWait()),
            lane.busy(),
            lane.name(),
            "slots");
        return;
      }
      try {
        if (requests.size() == 1) {
          connector.fetch(requests.get(0), context, rows.get(key.dataset())::add);
        } else {
          connector.fetchAll(
              requests, context, (d, o) -> rows.getOrDefault(d.name(), new ArrayList<>()).add(o));
        }
        // Before the slot is freed: the next fetch must know the key works.
        guard.onSuccess();
      } catch (UpstreamException e) {
        // Also before the slot is freed: the next fetch must see a breaker this error opens.
        suspended[0] = noteForGuard(lane, e);
        throw e;
      } finally {
        // The fetch slot is free as soon as the upstream is done with us.
        lane.leave(entered);
        upstreamDone.run();
      }
      waits.clear();
    } catch (Paused p) {
      ctx.deps.store().tasks().release(TaskFailures.ids(window), TaskFailures.owner(window));
      LOG.debug("window of task {} returned at a page boundary: paused", first.id());
      return;
    } catch (QuotaWait w) {
      failures.waitFor(window, w.until(), w.getMessage(), lane.name(), w.kind());
      return;
    } catch (UpstreamException e) {
      failures.onUpstreamError(
          window, e, new Counters(0, calls.get(), bytes.get(), 0, 1), suspended[0], lane);
      return;
    } catch (CancellationException e) {
      LOG.debug("window of task {} aborted by cancel", first.id());
      return;
    } catch (RuntimeException e) {
      if (ctx.cancelled) {
        return;
      }
      LOG.error("window of task {} ({}) failed unexpectedly", first.id(), key, e);
      failures.failAll(
          window, "internal error: " + e, null, new Counters(0, calls.get(), bytes.get(), 0, 1));
      return;
    }
    boolean firstGroup = true;
    for (Map.Entry<String, List<Task>> e : byDataset.entrySet()) {
      Dataset d = datasets.get(e.getKey());
      List<Task> tasks = e.getValue();
      publishing.publishAll(
          tasks,
          d,
          CandidatePreparer.split(tasks, d, rows.remove(e.getKey())),
          settled.get(),
          firstGroup ? calls.get() : 0,
          firstGroup ? bytes.get() : 0);
      firstGroup = false;
    }
  }

  private static final java.util.function.BooleanSupplier NEVER = () -> false;

  /**
   * Takes a fetch slot shared by every process, waiting for one a while (PostgreSQL): the wait is
   * this operation's, so a pause or cancel ends it, and it is reported like a rate-limit wait.
   */
  private LaneSlots.Entry enterShared(QuotaLanes.Lane lane) {
    long asked = System.nanoTime();
    LaneSlots.Entry entered;
    try {
      entered = lane.enter(() -> ctx.cancelled || pausing);
    } catch (CancellationException e) {
      checkStop();
      throw e;
    }
    ctx.deps
        .listener()
        .quotaWaited(ctx.op, lane.name(), "slot_wait", Duration.ofNanos(System.nanoTime() - asked));
    return entered;
  }

  /** Thrown at a page boundary of a window when the operation is paused. */
  private static final class Paused extends RuntimeException {
    Paused() {
      super("paused", null, false, false);
    }
  }

  private void checkStop() {
    if (ctx.cancelled || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("operation cancelled");
    }
    if (pausing) {
      throw new Paused();
    }
  }

  /**
   * The upstream request of a window: its span (from the first task's start to the last's end, or
   * the partial windows' hours), and the series its partial windows name (all when any task wants
   * every series).
   */
  private Connector.FetchRequest request(List<Task> window, Dataset dataset) {
    Instant from = null;
    Instant to = null;
    java.util.Set<String> series = new java.util.LinkedHashSet<>();
    boolean allSeries = false;
    for (Task t : window) {
      Window w = Window.parse(t.window());
      Instant f = w == null ? t.partition().start(dataset) : w.from();
      Instant e = w == null ? t.partition().end(dataset) : w.to();
      from = from == null || f.isBefore(from) ? f : from;
      to = to == null || e.isAfter(to) ? e : to;
      if (w == null || w.series().isEmpty()) {
        allSeries = true;
      } else {
        series.addAll(w.series());
      }
    }
    // The options connectors read: a vintage date (FRED) and the series of a narrowed window.
    Map<String, String> options = new HashMap<>();
    if (ctx.op.spec().params() instanceof io.aurum.core.model.ReplayParams r && r.asOf() != null) {
      options.put("as_of", r.asOf().toString());
    }
    if (!allSeries && !series.isEmpty()) {
      options.put("series", String.join(",", series));
    }
    return new Connector.FetchRequest(dataset, window.get(0).partition(), from, to, options);
  }

  /**
   * Tells the throttle and the guard about an upstream error; true when it was a 401/403 on a key
   * that worked, which opened the source's breaker.
   */
  private boolean noteForGuard(QuotaLanes.Lane lane, UpstreamException e) {
    if (e.beyondRetryCap()) {
      // Not a wait but a pause: every operation on the source stops asking until a probe.
      lane.guard.onRetryAfterBeyondCap();
      return false;
    }
    if (e.throttled()) {
      ctx.deps.listener().upstreamThrottled(ctx.op, lane.name());
      SourceThrottle.Hold hold = lane.throttle().onThrottled(e.retryAfter().orElse(null));
      if (hold.fresh()) {
        lane.guard.onThrottled();
      }
      waits.throttled(lane.name(), hold);
    }
    int status = e.httpStatus().orElse(0);
    return !e.retryable() && (status == 401 || status == 403) && lane.guard.onRejectedKey(status);
  }
}
