package io.aurum.core.engine;

import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.port.PublishResult;
import java.time.Duration;

/**
 * Hears what the engine does, for logs, progress and metrics. Called from worker threads, so
 * implementations are thread-safe and quick. Every method has a no-op default: a listener overrides
 * what it needs.
 */
public interface EngineListener {
  default void taskPublished(Task task, long versionId, long records) {}

  default void taskRetrying(Task task, String reason, java.time.Duration delay) {}

  default void taskFailed(Task task, String reason) {}

  default void taskSkipped(Task task, String reason) {}

  /**
   * The task's version was published QUARANTINED (held for review; the head did not move): the
   * quality gate held it, or a manual conflict strategy kept it. {@link #taskFailed} follows, with
   * the same task.
   */
  default void taskQuarantined(Task task, long versionId, String reason) {}

  /**
   * The head of the task's partition moved (to {@code head}) since the task was planned: {@code
   * strategy} (the operation's conflict strategy) settled it as {@code settled}: {@code republish}
   * (over the new head), {@code quarantine}, {@code keep_existing} (the task is skipped) or {@code
   * manual} (kept quarantined for {@code aurum conflicts resolve}).
   */
  default void taskConflict(Task task, Long head, String strategy, String settled) {}

  /**
   * The store refused the task's publish because this runner's lease on it was taken over (or the
   * task had already ended): nothing was written, and the task is left to its new holder.
   */
  default void taskFenced(Task task, PublishResult.Fenced fenced) {}

  /** This process starts driving {@code op} (a run or a resume). */
  default void operationStarted(Operation op) {}

  /** This process stops driving {@code op}: it ended, paused or was cancelled. */
  default void operationEnded(Operation op, OperationRunner.Outcome outcome) {}

  /**
   * One upstream request of {@code op} for {@code dataset} (the window's first dataset) ended:
   * {@code status} is the HTTP status, 0 when no answer came (I/O error, timeout); {@code elapsed}
   * runs from sending it to the body's last byte.
   */
  default void upstreamRequest(Operation op, String dataset, int status, Duration elapsed) {}

  /** {@code bytes} of upstream response bodies read for {@code op}'s {@code dataset}. */
  default void upstreamBytes(Operation op, String dataset, long bytes) {}

  /** An upstream error of {@code op} was a throttle (429 or the API's equivalent). */
  default void upstreamThrottled(Operation op, String lane) {}

  /**
   * A fetch window of {@code op} is retried after an upstream error: {@code kind} is {@code
   * backoff} (the same window later) or {@code split} (in halves, to isolate a failing partition).
   */
  default void windowRetried(Operation op, String dataset, String kind) {}

  /**
   * A request of {@code op} waited for quota: {@code kind} is {@code rate_limit} (blocked in the
   * per-second limiter; {@code waited} measured), {@code slot_wait} (blocked for a fetch slot
   * shared by every process, PostgreSQL; measured), {@code quota} (a shared window is spent),
   * {@code breaker} (the circuit breaker is open) or {@code slots} (every fetch slot busy); for the
   * last three the window was deferred and {@code waited} is how long it was deferred by.
   */
  default void quotaWaited(Operation op, String lane, String kind, Duration waited) {}

  /**
   * After a request took a token: {@code left} requests remain in the shared window of {@code
   * window}.
   */
  default void quotaLeft(SourceId source, String lane, Duration window, long left) {}

  /** The circuit breaker of a source's lane, as this process last saw it. */
  default void breakerState(SourceId source, String lane, boolean open) {}

  /**
   * One group commit of the store published {@code partitions} versions of {@code rows} rows of
   * {@code source} in {@code elapsed}.
   */
  default void storePublished(SourceId source, int partitions, long rows, Duration elapsed) {}

  EngineListener NONE = new EngineListener() {};
}
