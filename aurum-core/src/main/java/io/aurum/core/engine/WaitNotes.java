package io.aurum.core.engine;

import io.aurum.core.port.OperationRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Says what a running operation waits for — a spent quota window, a hold after a 429, an open
 * circuit breaker — on the progress line ({@link LiveProgress}) and as the operation's last error,
 * {@code WAITING_FOR_QUOTA until <instant>: <why>}, which {@code aurum status} shows as the state
 * and when it resumes. Thread-safe.
 */
final class WaitNotes {
  static final String PREFIX = "WAITING_FOR_QUOTA until ";

  /** A note is rewritten for a later end only when that moves it by this much or more. */
  private static final Duration REWRITE = Duration.ofSeconds(1);

  private final OperationRepository operations;
  private final String operationId;
  private final LiveProgress progress;
  private final Clock clock;
  private String noted;
  private Instant notedUntil;

  WaitNotes(
      OperationRepository operations, String operationId, LiveProgress progress, Clock clock) {
    this.operations = operations;
    this.operationId = operationId;
    this.progress = progress;
    this.clock = clock;
  }

  /** The operation waits until {@code until} because of {@code why}. */
  void note(Instant until, String why) {
    Instant now = clock.instant();
    progress.waiting(why, Duration.between(now, until));
    synchronized (this) {
      if (why.equals(noted) && until.isBefore(notedUntil.plus(REWRITE))) {
        return;
      }
      noted = why;
      notedUntil = until;
    }
    operations.setLastError(operationId, PREFIX + until + ": " + why);
  }

  /** A 429 on {@code lane} made the throttle hold the lane's requests. */
  void throttled(String lane, SourceThrottle.Hold hold) {
    Instant until = clock.instant().plus(hold.remaining());
    note(
        until,
        "waiting for "
            + lane.toUpperCase(Locale.ROOT)
            + " quota: 429 "
            + (hold.retryAfter() == null
                ? "without Retry-After"
                : "Retry-After " + seconds(hold.retryAfter()) + " s")
            + ", resuming at "
            + clockTime(until));
  }

  /**
   * A request went through: the operation no longer waits, unless what it noted still holds (a
   * request sent before a 429 can succeed during the hold that 429 began).
   */
  void clear() {
    Instant now = clock.instant();
    synchronized (this) {
      if (noted == null || now.isBefore(notedUntil)) {
        return;
      }
      noted = null;
      notedUntil = null;
    }
    progress.doneWaiting();
    operations.setLastError(operationId, null);
  }

  private static long seconds(Duration d) {
    return d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
  }

  private String clockTime(Instant t) {
    return HH_MM_SS.format(LocalTime.ofInstant(t, clock.getZone()));
  }

  static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");
}
