package io.aurum.core.engine;

import io.aurum.core.model.Operation;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.Duration;

/**
 * What a run reads of the store's emergencies every claim cycle: whether a stop or isolation now
 * blocks the operation (then it is paused here, even if its own pause raced it), the monitoring
 * level, and from that level whether a heartbeat tick is due. Confined to one run; the level is
 * read by the heartbeat thread.
 */
final class EmergencyWatch {
  private static final long TICK_SLACK_NANOS = Duration.ofMillis(50).toNanos();

  private final Store store;
  private final Clock clock;
  private final Duration heartbeat;

  /** Started with --critical: a STOP that does not include critical operations spares it. */
  private final boolean critical;

  /** Run by an emergency recovery: the isolation of its source spares it. */
  private final boolean recovery;

  private volatile MonitorLevel level = MonitorLevel.NORMAL;
  private volatile long lastBeat = System.nanoTime();

  EmergencyWatch(Store store, Clock clock, Duration heartbeat, String operationId) {
    this.store = store;
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.critical = store.emergencies().critical(operationId);
    this.recovery = store.emergencies().recovery(operationId);
  }

  /**
   * Reads the active emergencies: sets the level and pauses {@code current} when one blocks it.
   * True when it paused it (the caller then rereads the operation).
   */
  boolean observe(Operation current) {
    var active = store.emergencies().active(clock.instant());
    level = MonitorLevel.of(active);
    return EmergencyCheck.pauseIfBlocked(store, current, critical, recovery, active, "emergency");
  }

  MonitorLevel level() {
    return level;
  }

  /**
   * Whether a heartbeat is due: the heartbeat thread ticks at a quarter of the interval and beats
   * when the current level's interval has passed.
   */
  boolean beatDue() {
    long now = System.nanoTime();
    if (now - lastBeat < level.interval(heartbeat).toNanos() - TICK_SLACK_NANOS) {
      return false;
    }
    lastBeat = now;
    return true;
  }
}
