package io.aurum.app.cli;

import io.aurum.core.engine.EngineListener;
import io.aurum.core.model.Task;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Engine events to the log: retries at INFO, failures at WARN, publishes at DEBUG. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger("aurum.engine");

  private Listeners() {}

  static EngineListener logging() {
    return new EngineListener() {
      @Override
      public void taskPublished(Task task, long versionId, long records) {
        LOG.debug("published {} ({} records, version id {})", task.partition(), records, versionId);
      }

      @Override
      public void taskRetrying(Task task, String reason, Duration delay) {
        LOG.info("retrying {} in {} ms: {}", task.partition(), delay.toMillis(), reason);
      }

      @Override
      public void taskFailed(Task task, String reason) {
        LOG.warn("failed {}: {}", task.partition(), reason);
      }

      @Override
      public void taskSkipped(Task task, String reason) {
        LOG.info("skipped {}: {}", task.partition(), reason);
      }
    };
  }
}
