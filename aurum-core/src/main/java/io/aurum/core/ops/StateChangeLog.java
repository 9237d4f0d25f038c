package io.aurum.core.ops;

import io.aurum.core.engine.LogContext;
import io.aurum.core.model.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operation's state changes at INFO, with its keys in the log context (docs/monitoring.md): the
 * start, a resume, a pause and a cancel are searchable in the logs, not only in the audit log.
 */
final class StateChangeLog {
  private static final Logger LOG = LoggerFactory.getLogger("aurum.operations");

  private StateChangeLog() {}

  /** {@code change} is what happened, e.g. "resumed (was PAUSED)"; {@code actor} who did it. */
  static void changed(Operation op, String change, String actor) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    try (LogContext c = LogContext.of(op)) {
      LOG.info(
          "{} {} {} by {}",
          op.type().name().toLowerCase(java.util.Locale.ROOT),
          op.id(),
          change,
          actor);
    }
  }
}
