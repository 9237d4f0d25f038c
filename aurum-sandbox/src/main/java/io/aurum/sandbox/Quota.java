package io.aurum.sandbox;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One source's request quota: a token bucket of Q requests per second with capacity ceil(Q)
 * (fractional Q allowed). Thread-safe.
 */
public final class Quota {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private volatile Bucket bucket;

  public Quota(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("quota must be > 0 requests/second: " + perSecond);
    }
    this.perSecond = perSecond;
    this.bucket = newBucket(perSecond);
  }

  private static Bucket newBucket(double perSecond) {
    long capacity = Math.max(1, (long) Math.ceil(perSecond));
    // `capacity` tokens come back every capacity / Q seconds: exactly Q per second on average.
    long refillNanos = Math.max(1, Math.round(capacity * NANOS_PER_SECOND / perSecond));
    return Bucket.builder()
        .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, Duration.ofNanos(refillNanos)))
        .build();
  }

  public double perSecond() {
    return perSecond;
  }

  /** Takes one token; when none is left, the whole seconds (at least 1) to wait before retrying. */
  public OptionalLong tryAcquire() {
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return OptionalLong.empty();
    }
    long seconds = (probe.getNanosToWaitForRefill() + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    return OptionalLong.of(Math.max(1, seconds));
  }

  /** Refills the bucket (used by reset). */
  public void refill() {
    bucket = newBucket(perSecond);
  }
}
