package io.aurum.core.engine;

import java.time.Instant;

/**
 * A request may not go before {@code until}: the shared quota is spent until a window resets, or
 * the source's circuit breaker is open. Not a failure: the task waits without using an attempt.
 */
public final class QuotaWait extends RuntimeException {
  private final Instant until;

  public QuotaWait(Instant until, String reason) {
    super(reason, null, false, false);
    this.until = until;
  }

  public Instant until() {
    return until;
  }
}
