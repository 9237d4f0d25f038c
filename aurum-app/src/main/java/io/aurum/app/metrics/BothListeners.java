package io.aurum.app.metrics;

import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import java.time.Duration;

/**
 * Two engine listeners as one, {@code first} then {@code second} (the log, then the metrics). Every
 * method of {@link EngineListener} is forwarded: a method added there is added here too.
 */
public record BothListeners(EngineListener first, EngineListener second) implements EngineListener {

  /** {@code a} and {@code b}, or {@code a} alone when {@code b} is null. */
  public static EngineListener of(EngineListener a, EngineListener b) {
    return b == null ? a : new BothListeners(a, b);
  }

  @Override
  public void taskPublished(Task task, long versionId, long records) {
    first.taskPublished(task, versionId, records);
    second.taskPublished(task, versionId, records);
  }

  @Override
  public void taskRetrying(Task task, String reason, Duration delay) {
    first.taskRetrying(task, reason, delay);
    second.taskRetrying(task, reason, delay);
  }

  @Override
  public void taskFailed(Task task, String reason) {
    first.taskFailed(task, reason);
    second.taskFailed(task, reason);
  }

  @Override
  public void taskSkipped(Task task, String reason) {
    first.taskSkipped(task, reason);
    second.taskSkipped(task, reason);
  }

  @Override
  public void taskQuarantined(Task task, long versionId, String reason) {
    first.taskQuarantined(task, versionId, reason);
    second.taskQuarantined(task, versionId, reason);
  }

  @Override
  public void taskConflict(Task task, Long head, String strategy, String settled) {
    first.taskConflict(task, head, strategy, settled);
    second.taskConflict(task, head, strategy, settled);
  }

  @Override
  public void taskFenced(Task task, io.aurum.core.port.PublishResult.Fenced fenced) {
    first.taskFenced(task, fenced);
    second.taskFenced(task, fenced);
  }

  @Override
  public void operationStarted(Operation op) {
    first.operationStarted(op);
    second.operationStarted(op);
  }

  @Override
  public void operationEnded(Operation op, OperationRunner.Outcome outcome) {
    first.operationEnded(op, outcome);
    second.operationEnded(op, outcome);
  }

  @Override
  public void upstreamRequest(Operation op, String dataset, int status, Duration elapsed) {
    first.upstreamRequest(op, dataset, status, elapsed);
    second.upstreamRequest(op, dataset, status, elapsed);
  }

  @Override
  public void upstreamBytes(Operation op, String dataset, long bytes) {
    first.upstreamBytes(op, dataset, bytes);
    second.upstreamBytes(op, dataset, bytes);
  }

  @Override
  public void upstreamThrottled(Operation op, String lane) {
    first.upstreamThrottled(op, lane);
    second.upstreamThrottled(op, lane);
  }

  @Override
  public void windowRetried(Operation op, String dataset, String kind) {
    first.windowRetried(op, dataset, kind);
    second.windowRetried(op, dataset, kind);
  }

  @Override
  public void quotaWaited(Operation op, String lane, String kind, Duration waited) {
    first.quotaWaited(op, lane, kind, waited);
    second.quotaWaited(op, lane, kind, waited);
  }

  @Override
  public void quotaLeft(SourceId source, String lane, Duration window, long left) {
    first.quotaLeft(source, lane, window, left);
    second.quotaLeft(source, lane, window, left);
  }

  @Override
  public void breakerState(SourceId source, String lane, boolean open) {
    first.breakerState(source, lane, open);
    second.breakerState(source, lane, open);
  }

  @Override
  public void storePublished(SourceId source, int partitions, long rows, Duration elapsed) {
    first.storePublished(source, partitions, rows, elapsed);
    second.storePublished(source, partitions, rows, elapsed);
  }
}
