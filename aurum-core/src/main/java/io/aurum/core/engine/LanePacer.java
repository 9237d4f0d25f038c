package io.aurum.core.engine;

import io.aurum.core.config.SourceQuota;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Paces the requests of one quota lane: in this process alone ({@link SourceThrottle}) or with
 * every process on a shared database ({@link SharedThrottle}). Implementations are thread-safe.
 */
interface LanePacer {
  /**
   * Blocks until a request may go, and counts it from now.
   *
   * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true or the
   *     thread is interrupted
   */
  void acquire(BooleanSupplier cancelled);

  /** The response of this thread's last request came back (idempotent). */
  void responded();

  /** The upstream answered this thread's last request with 429: hold the lane. */
  SourceThrottle.Hold onThrottled(Duration retryAfter);

  /** The rate requests are spaced at now, requests per second. */
  double currentRate();

  /** Paces by new limits from the next request on (a live change of the rate limit). */
  void reconfigure(List<SourceQuota.Limit> pace);
}
