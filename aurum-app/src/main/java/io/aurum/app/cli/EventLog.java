package io.aurum.app.cli;

import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.LogContext;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.port.PublishResult;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine events to the log (docs/monitoring.md): a run's start and end with what it published,
 * quarantines, conflicts, breakers opening and closing, retries and skips at INFO; failures at
 * WARN; each publish at DEBUG. A task's line carries that task's keys in the log context. Thread-
 * safe: workers call it.
 */
final class EventLog implements EngineListener {
  private static final Logger LOG = LoggerFactory.getLogger("aurum.engine");

  private final Map<String, RunTally> runs = new ConcurrentHashMap<>();
  private final Map<String, Boolean> breakers = new ConcurrentHashMap<>();
  // A quarantine is reported twice (taskQuarantined, then taskFailed): logged once.
  private final Set<Long> quarantined = ConcurrentHashMap.newKeySet();

  private RunTally tally(Task t) {
    return runs.computeIfAbsent(t.operationId(), id -> new RunTally());
  }

  @Override
  public void operationStarted(Operation op) {
    runs.put(op.id(), new RunTally());
    LOG.info(
        "{} {} of {} runs in this process",
        op.type().name().toLowerCase(Locale.ROOT),
        op.id(),
        op.source().cliName());
  }

  @Override
  public void operationEnded(Operation op, OperationRunner.Outcome outcome) {
    RunTally t = runs.remove(op.id());
    LOG.info(
        "{} {} {}: this run {}",
        op.type().name().toLowerCase(Locale.ROOT),
        op.id(),
        outcome.name().toLowerCase(Locale.ROOT),
        t == null ? "did nothing" : t.summary());
  }

  @Override
  public void taskPublished(Task task, long versionId, long records) {
    RunTally t = tally(task);
    t.published.incrementAndGet();
    t.rows.addAndGet(records);
    if (LOG.isDebugEnabled()) {
      try (LogContext c = LogContext.of(task)) {
        LOG.debug("published {} ({} records, version id {})", task.partition(), records, versionId);
      }
    }
  }

  @Override
  public void taskQuarantined(Task task, long versionId, String reason) {
    tally(task).quarantined.incrementAndGet();
    quarantined.add(task.id());
    try (LogContext c = LogContext.of(task)) {
      LOG.warn("quarantined {} as version id {}: {}", task.partition(), versionId, reason);
    }
  }

  @Override
  public void taskConflict(Task task, Long head, String strategy, String settled) {
    tally(task).conflicts.incrementAndGet();
    try (LogContext c = LogContext.of(task)) {
      LOG.info(
          "conflict on {}: its head moved to version id {}; {} settles it: {}",
          task.partition(),
          head,
          strategy,
          settled);
    }
  }

  @Override
  public void taskRetrying(Task task, String reason, Duration delay) {
    tally(task).retries.incrementAndGet();
    try (LogContext c = LogContext.of(task)) {
      LOG.info("retrying {} in {} ms: {}", task.partition(), delay.toMillis(), reason);
    }
  }

  @Override
  public void taskFailed(Task task, String reason) {
    tally(task).failed.incrementAndGet();
    if (quarantined.remove(task.id())) {
      return;
    }
    try (LogContext c = LogContext.of(task)) {
      LOG.warn("failed {}: {}", task.partition(), reason);
    }
  }

  @Override
  public void taskSkipped(Task task, String reason) {
    tally(task).skipped.incrementAndGet();
    try (LogContext c = LogContext.of(task)) {
      LOG.info("skipped {}: {}", task.partition(), reason);
    }
  }

  @Override
  public void taskFenced(Task task, PublishResult.Fenced fenced) {
    try (LogContext c = LogContext.of(task)) {
      LOG.info(
          "left {} to {}: the task is {} there",
          task.partition(),
          fenced.leaseOwner() == null ? "no runner" : fenced.leaseOwner(),
          fenced.state());
    }
  }

  @Override
  public void breakerState(SourceId source, String lane, boolean open) {
    Boolean was = breakers.put(lane, open);
    if (open && !Boolean.TRUE.equals(was)) {
      LOG.warn("circuit breaker of {} opened: requests to it wait for its hold", lane);
    } else if (!open && Boolean.TRUE.equals(was)) {
      LOG.info("circuit breaker of {} closed: requests go again", lane);
    }
  }

  @Override
  public void storePublished(SourceId source, int partitions, long rows, Duration elapsed) {
    LOG.debug(
        "group commit of {} version(s), {} rows in {} ms", partitions, rows, elapsed.toMillis());
  }
}
