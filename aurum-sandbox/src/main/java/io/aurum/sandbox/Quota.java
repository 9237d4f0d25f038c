package io.aurum.sandbox;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * One source's request quota, in one of two modes:
 *
 * <ul>
 *   <li>{@link Mode#TOKEN_BUCKET} (the default): Q requests per second with capacity ceil(Q)
 *       (fractional Q allowed), lenient to a client that bunches up a little;
 *   <li>{@link Mode#STRICT_WINDOW}: N requests per period P as a strict sliding window, the
 *       strictest reading of "N a second" or "N a minute": a request is refused when N requests
 *       were already accepted within the last P, with a {@code Retry-After} of the whole seconds
 *       (rounded up) until the oldest of them leaves the window.
 * </ul>
 *
 * Thread-safe.
 */
public final class Quota {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** How the quota counts. */
  public enum Mode {
    TOKEN_BUCKET,
    STRICT_WINDOW
  }

  private final Mode mode;
  private final long requests;
  private final Duration period;
  private final LongSupplier nanos;
  private volatile Bucket bucket;

  /** Accepted requests of the strict window, oldest first (a ring of {@code requests} slots). */
  private final long[] accepted;

  private int oldest;
  private int count;

  private Quota(Mode mode, long requests, Duration period, LongSupplier nanos) {
    if (requests < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "quota must be >= 1 request per positive period: " + requests + " per " + period);
    }
    if (mode == Mode.STRICT_WINDOW && requests > 10_000_000) {
      throw new IllegalArgumentException("a strict window holds at most 10,000,000 requests");
    }
    this.mode = mode;
    this.requests = requests;
    this.period = period;
    this.nanos = nanos;
    this.accepted = mode == Mode.STRICT_WINDOW ? new long[(int) requests] : null;
    this.bucket = mode == Mode.TOKEN_BUCKET ? newBucket() : null;
  }

  /** The token bucket of {@code perSecond} requests per second (the sandbox's default mode). */
  public Quota(double perSecond) {
    this(Mode.TOKEN_BUCKET, capacity(perSecond), refill(perSecond), System::nanoTime);
  }

  /** A strict sliding window of {@code requests} per {@code period}. */
  public static Quota strictWindow(long requests, Duration period) {
    return strictWindow(requests, period, System::nanoTime);
  }

  /** A strict sliding window read from {@code nanos} (tests move it by hand). */
  static Quota strictWindow(long requests, Duration period, LongSupplier nanos) {
    return new Quota(Mode.STRICT_WINDOW, requests, period, nanos);
  }

  private static long capacity(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("quota must be > 0 requests/second: " + perSecond);
    }
    return Math.max(1, (long) Math.ceil(perSecond));
  }

  /** `capacity` tokens come back every capacity / Q seconds: exactly Q per second on average. */
  private static Duration refill(double perSecond) {
    return Duration.ofNanos(
        Math.max(1, Math.round(capacity(perSecond) * NANOS_PER_SECOND / perSecond)));
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(l -> l.capacity(requests).refillGreedy(requests, period))
        .build();
  }

  public Mode mode() {
    return mode;
  }

  /** N of "N requests per P" (the bucket's capacity in token-bucket mode). */
  public long requests() {
    return requests;
  }

  /** P of "N requests per P". */
  public Duration period() {
    return period;
  }

  /** The sustained rate, requests per second. */
  public double perSecond() {
    return requests * (double) NANOS_PER_SECOND / period.toNanos();
  }

  /** Takes one request; when refused, the whole seconds (at least 1) to wait before retrying. */
  public OptionalLong tryAcquire() {
    if (mode == Mode.STRICT_WINDOW) {
      return admit();
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(wholeSeconds(probe.getNanosToWaitForRefill()));
  }

  private synchronized OptionalLong admit() {
    long now = nanos.getAsLong();
    long p = period.toNanos();
    // Requests that left the window (accepted at or before now - P) no longer count.
    while (count > 0 && now - accepted[oldest] >= p) {
      oldest = (oldest + 1) % accepted.length;
      count--;
    }
    if (count == accepted.length) {
      return OptionalLong.of(wholeSeconds(accepted[oldest] + p - now));
    }
    accepted[(oldest + count) % accepted.length] = now;
    count++;
    return OptionalLong.empty();
  }

  private static long wholeSeconds(long nanos) {
    return Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
  }

  /** Empties the bucket's debt or the window (used by reset). */
  public synchronized void refill() {
    if (mode == Mode.TOKEN_BUCKET) {
      bucket = newBucket();
    } else {
      count = 0;
      oldest = 0;
    }
  }

  @Override
  public String toString() {
    return mode == Mode.STRICT_WINDOW
        ? requests + " per " + period + " (strict window)"
        : perSecond() + "/s (token bucket)";
  }
}
