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
  private final boolean beyondRetryCap;

  private UpstreamException(
      String message,
      boolean retryable,
      Integer httpStatus,
      Duration retryAfter,
      boolean throttled,
      boolean beyondRetryCap) {
    super(1, message);
    this.retryable = retryable;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.throttled = throttled;
    this.beyondRetryCap = beyondRetryCap;
  }

  public static UpstreamException retryable(String message, Integer httpStatus) {
    return new UpstreamException(message, true, httpStatus, null, false, false);
  }

  /** The upstream asked us to slow down (429, or an in-body quota signal). */
  public static UpstreamException throttled(
      String message, Integer httpStatus, Duration retryAfter) {
    return new UpstreamException(message, true, httpStatus, retryAfter, true, false);
  }

  /**
   * The upstream asked to be left alone for longer than the source's {@code Retry-After} cap: not a
   * wait but a pause. The engine opens the source's circuit breaker and pauses the operation,
   * saying why and when to resume. Retryable (later, by a resume), throttled.
   */
  public static UpstreamException beyondRetryCap(
      String message, Integer httpStatus, Duration retryAfter) {
    return new UpstreamException(message, true, httpStatus, retryAfter, true, true);
  }

  public static UpstreamException permanent(String message, Integer httpStatus) {
    return new UpstreamException(message, false, httpStatus, null, false, false);
  }

  /** Whether the upstream's {@code Retry-After} is beyond the cap ({@link #beyondRetryCap}). */
  public boolean beyondRetryCap() {
    return beyondRetryCap;
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
