package io.aurum.core.engine;

import java.time.Instant;

/**
 * A request may not go before {@code until}: the shared quota is spent until a window resets, or
 * the source's circuit breaker is open. Not a failure: the task waits without using an attempt.
 */
public final class QuotaWait extends RuntimeException {
  private final Instant until;
  private final boolean breaker;

  public QuotaWait(Instant until, String reason) {
    this(until, reason, false);
  }

  /** {@code breaker}: the wait is for the circuit breaker, not a spent window. */
  public QuotaWait(Instant until, String reason, boolean breaker) {
    super(reason, null, false, false);
    this.until = until;
    this.breaker = breaker;
  }

  public Instant until() {
    return until;
  }

  /** What is awaited, as the metrics name it: {@code breaker} or {@code quota}. */
  public String kind() {
    return breaker ? "breaker" : "quota";
  }
}
