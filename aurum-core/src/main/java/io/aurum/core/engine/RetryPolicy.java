package io.aurum.core.engine;

import io.aurum.core.error.UpstreamException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter from a base delay, honouring {@code Retry-After}. A
 * throttled attempt does not use up the retry budget as fast: quota signals are not failures, so
 * they get {@link #THROTTLE_ALLOWANCE} extra attempts. Thread-safe if the generator is.
 */
public final class RetryPolicy {
  static final int THROTTLE_ALLOWANCE = 20;
  private static final Duration MAX_DELAY = Duration.ofMinutes(5);

  /**
   * The longest {@code Retry-After} a task waits for: the connectors' default cap. A longer one
   * normally never gets here (beyond its source's cap the operation pauses instead); this only
   * bounds a configured cap above the default.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(15);

  private final int maxRetries;
  private final Duration base;
  private final RandomGenerator random;

  public RetryPolicy(int maxRetries, Duration base, RandomGenerator random) {
    this.maxRetries = maxRetries;
    this.base = base;
    this.random = random;
  }

  /** Whether a task that failed its {@code attempt}-th attempt (1-based) with {@code e} retries. */
  public boolean shouldRetry(UpstreamException e, int attempt) {
    if (!e.retryable()) {
      return false;
    }
    int allowed = e.throttled() ? maxRetries + THROTTLE_ALLOWANCE : maxRetries;
    return attempt <= allowed;
  }

  /**
   * The wait before the next attempt: Retry-After when given (at most {@link #MAX_RETRY_AFTER}: a
   * date in 2099 or 99999999999 seconds is not a plan), else full jitter up to {@link #MAX_DELAY}.
   */
  public Duration delay(UpstreamException e, int attempt) {
    if (e.retryAfter().isPresent()) {
      Duration d = e.retryAfter().get();
      return d.isNegative()
          ? Duration.ZERO
          : d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }
    long ceiling = base.toMillis() << Math.min(attempt - 1, 20);
    ceiling = Math.min(ceiling, MAX_DELAY.toMillis());
    return Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
  }
}
