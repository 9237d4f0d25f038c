package io.aurum.core.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed upstream call, classified: retryable (I/O, timeouts, 429, 5xx, truncated or malformed
 * payloads) or permanent (400/401/403/404, unknown series, schema mismatch). Messages never contain
 * credentials.
 */
public final class UpstreamException extends AurumException {
  private final boolean retryable;
  private final Integer httpStatus;
  private final Duration retryAfter;
  private final boolean throttled;

  private UpstreamException(
      String message,
      boolean retryable,
      Integer httpStatus,
      Duration retryAfter,
      boolean throttled) {
    super(1, message);
    this.retryable = retryable;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.throttled = throttled;
  }

  public static UpstreamException retryable(String message, Integer httpStatus) {
    return new UpstreamException(message, true, httpStatus, null, false);
  }

  /** The upstream asked us to slow down (429, or an in-body quota signal). */
  public static UpstreamException throttled(
      String message, Integer httpStatus, Duration retryAfter) {
    return new UpstreamException(message, true, httpStatus, retryAfter, true);
  }

  public static UpstreamException permanent(String message, Integer httpStatus) {
    return new UpstreamException(message, false, httpStatus, null, false);
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean throttled() {
    return throttled;
  }

  public Optional<Integer> httpStatus() {
    return Optional.ofNullable(httpStatus);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
