package io.aurum.core.engine;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Observation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.PublishResult;
import io.aurum.core.quality.Plausibility;
import io.aurum.core.quality.QualityReport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task or window ends badly: retry, split, wait, pause, fail or skip, with the counters, the
 * progress, the listener and the failure log. Thread-safe: stateless over thread-safe parts.
 */
final class TaskFailures {
  // Logged under the task processor's name, as before these lines moved here.
  private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);

  /** Failure-log entries written per partition for its rejected records, then one summary. */
  static final int MAX_REJECTED_LOGGED = 20;

  private final TaskContext ctx;
  final FailureLog failureLog;
  // What the operation waits for, on the progress line and in `aurum status`.
  private final WaitNotes waits;

  TaskFailures(TaskContext ctx, WaitNotes waits) {
    this.ctx = ctx;
    this.failureLog = new FailureLog(ctx.deps.failureLogDir(), ctx.deps.clock());
    this.waits = waits;
  }

  /**
   * A partition none of whose fetched rows is data is not published: the task fails (the head, if
   * any, stays), its rejected records are already in the failure log.
   */
  void allRejected(Task task, QualityReport verdict, Counters counters) {
    Plausibility.Rejected first = verdict.rejected().get(0);
    failPermanently(
        task,
        "all "
            + verdict.rejected().size()
            + " fetched record(s) rejected, nothing published (first: "
            + first.row().seriesId()
            + " at "
            + first.row().period()
            + ": "
            + first.reason()
            + ")",
        null,
        new Counters(0, counters.apiCalls(), counters.bytes(), 0, 1));
  }

  void internalError(Task task, RuntimeException e, Counters counters) {
    if (ctx.cancelled) {
      return;
    }
    if (e instanceof AurumException) {
      // A user's mistake found on the data (a transform naming a field the records lack): the
      // reason is the message, no stack trace.
      LOG.warn("task {} ({}) failed: {}", task.id(), task.partition(), e.getMessage());
    } else {
      LOG.error("task {} ({}) failed unexpectedly", task.id(), task.partition(), e);
    }
    failPermanently(
        task,
        e instanceof AurumException ? e.getMessage() : "internal error: " + e,
        null,
        new Counters(0, counters.apiCalls(), counters.bytes(), 0, 1));
  }

  /**
   * Rejected records go to the failure log one by one (the first {@link #MAX_REJECTED_LOGGED} of a
   * partition, then one line with the count of the others) and to the log.
   */
  void logRejected(Task task, List<Plausibility.Rejected> rejected) {
    List<FailureLog.Entry> entries = new ArrayList<>();
    for (Plausibility.Rejected x : rejected) {
      if (entries.size() == MAX_REJECTED_LOGGED) {
        entries.add(
            entry(
                task,
                (rejected.size() - MAX_REJECTED_LOGGED)
                    + " more rejected record(s) of this partition not listed",
                null));
        break;
      }
      Observation o = x.row();
      entries.add(
          entry(task, "rejected record: " + x.reason(), null)
              .withRecord(o.seriesId(), o.period().toString(), Double.toString(o.value())));
    }
    failureLog.appendAll(entries);
    Plausibility.Rejected first = rejected.get(0);
    LOG.warn(
        "{} {}: {} record(s) rejected, never published (first: {} at {}: {})",
        ctx.op.id(),
        task.partition(),
        rejected.size(),
        first.row().seriesId(),
        first.row().period(),
        first.reason());
  }

  /**
   * The store fenced the task's publish: another runner holds the task now, or it already ended, so
   * this runner drops it without touching its state, and counts it (a task cancelled under it by
   * {@code cancel --force} is dropped quietly: nobody took its lease over).
   */
  void fenced(Task task, PublishResult.Fenced f) {
    if (f.state() == TaskState.CANCELLED) {
      // cancel --force ended the task while its publish was in flight: no lease was taken over.
      LOG.debug(
          "task {} ({}): publish refused, the task was cancelled", task.id(), task.partition());
      return;
    }
    ctx.progress.fenced.incrementAndGet();
    LOG.warn(
        "{} task {} ({}): publish fenced, {} no longer holds the task's lease (task {}, lease"
            + " owner {}); nothing written, the task is left as it is",
        ctx.op.id(),
        task.id(),
        task.partition(),
        task.leaseOwner(),
        f.state(),
        f.leaseOwner());
    ctx.deps.listener().taskFenced(task, f);
  }

  void skip(Task task, String reason, Counters counters) {
    ctx.deps.store().tasks().skip(task.id(), task.leaseOwner(), reason, counters);
    ctx.progress.skipped.incrementAndGet();
    ctx.deps.listener().taskSkipped(task, reason);
  }

  /**
   * A failed fetch of a window. A window that keeps failing for what may be one partition's data (a
   * malformed or refused payload, not a quota, key, outage or network error) is split in halves,
   * each retried apart, until the failing partition is isolated: one poison day costs a few extra
   * requests, not the whole range. Otherwise every task of the window retries together (one due
   * time, so they are claimed together again) or fails.
   */
  void onUpstreamError(
      List<Task> window,
      UpstreamException e,
      Counters counters,
      boolean suspended,
      QuotaLanes.Lane lane) {
    SourceGuard guard = lane.guard;
    ctx.progress.errors.incrementAndGet();
    Task first = window.get(0);
    if (e.beyondRetryCap()) {
      pauseFor(window, e, guard);
      return;
    }
    if (suspended) {
      waitFor(
          window,
          guard.openUntil().orElse(ctx.deps.clock().instant().plusSeconds(30)),
          e.getMessage(),
          lane.name(),
          "breaker");
      return;
    }
    int attempts = first.attempts();
    if (window.size() > 1 && splittable(e) && (!e.retryable() || attempts >= 2)) {
      int half = window.size() / 2;
      ctx.deps.store().tasks().split(ctx.op.id(), ids(window.subList(0, half)));
      ctx.deps.store().tasks().split(ctx.op.id(), ids(window.subList(half, window.size())));
      ctx.progress.retries.incrementAndGet();
      String note =
          "window of "
              + window.size()
              + " partitions split in halves to isolate a failing one: "
              + e.getMessage();
      retryAllLater(window, ctx.deps.clock().instant(), note, counters);
      LOG.info(
          "{} {}..{}: {}", ctx.op.id(), first.partition(), window.get(window.size() - 1), note);
      window.forEach(t -> ctx.deps.listener().taskRetrying(t, note, Duration.ZERO));
      ctx.deps.listener().windowRetried(ctx.op, first.partition().dataset(), "split");
      return;
    }
    if (ctx.retry.shouldRetry(e, attempts)) {
      Duration delay = ctx.retry.delay(e, attempts);
      ctx.progress.retries.incrementAndGet();
      retryAllLater(window, ctx.deps.clock().instant().plus(delay), e.getMessage(), counters);
      window.forEach(t -> ctx.deps.listener().taskRetrying(t, e.getMessage(), delay));
      ctx.deps.listener().windowRetried(ctx.op, first.partition().dataset(), "backoff");
      return;
    }
    String reason =
        e.retryable()
            ? "gave up after " + attempts + " attempt(s): " + e.getMessage()
            : e.getMessage();
    failAll(window, reason, e.httpStatus().orElse(null), counters);
  }

  /**
   * The upstream asked to be left alone for longer than the cap: the window's tasks go back to
   * PENDING (no attempt used), and the operation pauses with one line saying why and when to
   * resume; the runner's loop sees PAUSED and stops the other windows at their page boundary.
   */
  private void pauseFor(List<Task> window, UpstreamException e, SourceGuard guard) {
    String message =
        e.getMessage()
            + ": circuit breaker of "
            + ctx.op.source().cliName()
            + " opened and operation "
            + ctx.op.id()
            + " paused; resume it once that time has passed"
            + guard
                .openUntil()
                .map(
                    u ->
                        " (the breaker lets a probe go at "
                            + u.truncatedTo(ChronoUnit.SECONDS)
                            + ")")
                .orElse("");
    ctx.deps.store().tasks().release(ids(window), owner(window));
    if (ctx.deps
        .store()
        .operations()
        .transition(
            ctx.op.id(), OperationState.RUNNING, OperationState.PAUSED, "engine", message)) {
      ctx.deps.store().operations().setLastError(ctx.op.id(), message);
      LOG.warn("{}", message);
    }
    window.forEach(t -> ctx.deps.listener().taskRetrying(t, message, Duration.ZERO));
  }

  /**
   * Whether a failure may come from one partition's data, so that halving the window can isolate
   * it: a payload refused or malformed, not a quota (429), a key (401/403), a missing resource
   * (404), an outage (5xx) or the network (no status, retryable).
   */
  static boolean splittable(UpstreamException e) {
    if (e.throttled()) {
      return false;
    }
    Integer status = e.httpStatus().orElse(null);
    if (status == null) {
      return !e.retryable();
    }
    return status < 500 && status != 401 && status != 403 && status != 404 && status != 429;
  }

  /**
   * Every task of the window due again at {@code at}, claimed together again; the window's requests
   * and bytes are counted once, with one retry and one error.
   */
  private void retryAllLater(List<Task> window, Instant at, String note, Counters counters) {
    ctx.deps
        .store()
        .tasks()
        .retryAllLater(
            ids(window),
            owner(window),
            at,
            note,
            new Counters(0, counters.apiCalls(), counters.bytes(), 1, 1));
  }

  /** The lease owner a window was claimed under (one claim, one owner). */
  static String owner(List<Task> window) {
    return window.get(0).leaseOwner();
  }

  static List<Long> ids(List<Task> tasks) {
    List<Long> out = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      out.add(t.id());
    }
    return out;
  }

  /**
   * The window waits for the quota window or the breaker without using an attempt; the operation
   * shows WAITING_FOR_QUOTA and when it resumes.
   */
  void waitFor(List<Task> window, Instant until, String reason, String lane, String kind) {
    String note = WaitNotes.PREFIX + until + ": " + reason;
    ctx.deps.store().tasks().deferAll(ids(window), owner(window), until, note);
    waits.note(until, reason);
    Duration wait = Duration.between(ctx.deps.clock().instant(), until);
    window.forEach(t -> ctx.deps.listener().taskRetrying(t, note, wait));
    ctx.deps.listener().quotaWaited(ctx.op, lane, kind, wait.isNegative() ? Duration.ZERO : wait);
  }

  /** Every task of the window fails; the window's requests are counted on the first. */
  void failAll(List<Task> window, String reason, Integer status, Counters counters) {
    ctx.deps.store().tasks().failAll(ids(window), owner(window), reason, counters);
    for (Task t : window) {
      ctx.progress.failed.incrementAndGet();
      failureLog.append(entry(t, reason, status));
      ctx.deps.listener().taskFailed(t, reason);
    }
  }

  void failPermanently(Task task, String reason, Integer status, Counters counters) {
    ctx.deps.store().tasks().fail(task.id(), task.leaseOwner(), reason, counters);
    ctx.progress.failed.incrementAndGet();
    failureLog.append(entry(task, reason, status));
    ctx.deps.listener().taskFailed(task, reason);
  }

  FailureLog.Entry entry(Task task, String reason, Integer status) {
    PartitionKey k = task.partition();
    return new FailureLog.Entry(
        ctx.op.id(),
        k.source().cliName(),
        k.dataset(),
        k.period().toString(),
        task.window(),
        reason,
        status,
        task.attempts());
  }
}
