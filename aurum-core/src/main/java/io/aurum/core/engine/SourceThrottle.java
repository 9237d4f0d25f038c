package io.aurum.core.engine;

import io.aurum.core.config.SourceQuota;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The token bucket of one source (Bucket4j), with every limit of its quota at once. On a 429 it
 * holds all requests until {@code Retry-After} has passed and halves the rate; each quiet cool-down
 * period then gives back a tenth of the rate (additive recovery). Thread-safe.
 */
public final class SourceThrottle {
  static final Duration COOL_DOWN = Duration.ofSeconds(10);
  private static final double MIN_FACTOR = 1.0 / 16;

  /** The arrival jitter a strict upstream bucket can absorb from us: see {@link #burst}. */
  static final Duration JITTER_ALLOWANCE = Duration.ofMillis(250);

  private final List<SourceQuota.Limit> limits;
  private final Bucket bucket;
  private final double ratePerSecond;
  private double factor = 1.0;
  private long pausedUntilNanos;
  private long lastAdjustNanos = System.nanoTime();

  /**
   * @param limits the limits to enforce, already scaled (80 % for auto, or the user's rate)
   */
  public SourceThrottle(List<SourceQuota.Limit> limits) {
    this.limits = List.copyOf(limits);
    this.ratePerSecond =
        limits.stream().mapToDouble(SourceQuota.Limit::perSecond).min().orElse(Double.MAX_VALUE);
    var builder = Bucket.builder().withNanosecondPrecision();
    for (Bandwidth bw : config(1.0).getBandwidths()) {
      builder.addLimit(bw);
    }
    this.bucket = builder.build();
  }

  /**
   * Limits for an operation: {@code rateLimit} requests/s on top of the quota, or (null) auto,
   * which is {@code autoShare} of every limit of the quota.
   */
  public static List<SourceQuota.Limit> limitsFor(
      SourceQuota quota, Double rateLimit, double autoShare) {
    List<SourceQuota.Limit> out = new ArrayList<>();
    if (rateLimit == null) {
      for (SourceQuota.Limit l : quota.limits()) {
        out.add(scale(l, autoShare));
      }
      return out;
    }
    // Never above the quota's burst: one user rate applied to every market of a per-market source
    // (ISO) is capped at each market's own limit.
    out.add(perSecond(Math.min(rateLimit, quota.burstPerSecond())));
    // Longer windows of the quota still hold in full: a user rate cannot outrun a daily cap.
    for (SourceQuota.Limit l : quota.limits()) {
      if (l.period().compareTo(Duration.ofSeconds(1)) > 0) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * The limits this process paces itself by: those shorter than an hour. Hourly and daily caps are
   * counted in the shared quota ledger instead ({@link SourceGuard}), where every process sees
   * them.
   */
  public static List<SourceQuota.Limit> paced(List<SourceQuota.Limit> limits) {
    List<SourceQuota.Limit> out = new ArrayList<>();
    for (SourceQuota.Limit l : limits) {
      if (l.period().compareTo(Duration.ofHours(1)) < 0) {
        out.add(l);
      }
    }
    if (out.isEmpty()) {
      out.add(new SourceQuota.Limit(1_000_000, Duration.ofSeconds(1)));
    }
    return out;
  }

  /** A limit of {@code rate} requests per second, as whole tokens over a period. */
  static SourceQuota.Limit perSecond(double rate) {
    long tokens = Math.max(1, Math.round(rate));
    return new SourceQuota.Limit(tokens, Duration.ofNanos((long) (tokens / rate * 1e9)));
  }

  private static SourceQuota.Limit scale(SourceQuota.Limit l, double share) {
    long tokens = Math.max(1, (long) Math.floor(l.requests() * share));
    // Keep the rate exact when rounding the tokens: stretch the period instead.
    double rate = l.perSecond() * share;
    return new SourceQuota.Limit(tokens, Duration.ofNanos((long) (tokens / rate * 1e9)));
  }

  /**
   * How long {@code requests} take through these limits, starting with full buckets: each limit
   * grants its burst at once and the rest at its rate; the slowest limit decides.
   */
  public static Duration timeFor(long requests, List<SourceQuota.Limit> limits) {
    double seconds = 0;
    for (SourceQuota.Limit l : limits) {
      long burst = burst(l);
      seconds = Math.max(seconds, Math.max(0, requests - burst) / l.perSecond());
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  /**
   * The burst granted at once: the limit's tokens minus those held back so that jitter cannot make
   * a strict upstream see us ahead of its own bucket. Requests that took their tokens in order can
   * reach the upstream out of order or bunched up (connection set-up, scheduling on a busy
   * machine); the upstream absorbs that only with spare tokens, so we hold back what the rate earns
   * in {@link #JITTER_ALLOWANCE}, at least one token. A single-token limit gets 2 % of slack in its
   * period instead.
   */
  static long burst(SourceQuota.Limit l) {
    long held = Math.max(1, (long) Math.ceil(l.perSecond() * JITTER_ALLOWANCE.toNanos() / 1e9));
    return Math.max(1, l.requests() - held);
  }

  private BucketConfiguration config(double f) {
    var b = BucketConfiguration.builder();
    for (SourceQuota.Limit l : limits) {
      long period = (long) (l.period().toNanos() / f);
      long capacity = burst(l);
      if (l.requests() == 1) {
        period = (long) (period * 1.02);
      }
      b.addLimit(
          Bandwidth.builder()
              .capacity(capacity)
              .refillGreedy(l.requests(), Duration.ofNanos(period))
              .build());
    }
    return b.build();
  }

  /** The steady rate this throttle grants now, requests per second. */
  public synchronized double currentRate() {
    return ratePerSecond * factor;
  }

  /**
   * Blocks until a request may go. {@code cancelled} is polled while waiting.
   *
   * @throws CancellationException when {@code cancelled} turns true
   */
  public void acquire(BooleanSupplier cancelled) {
    while (true) {
      long waitNanos;
      synchronized (this) {
        recover();
        waitNanos = pausedUntilNanos - System.nanoTime();
      }
      if (waitNanos <= 0) {
        break;
      }
      sleep(Math.min(waitNanos, 50_000_000L), cancelled);
    }
    while (true) {
      long waitNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
      if (waitNanos <= 0 && bucket.tryConsume(1)) {
        return;
      }
      sleep(Math.max(50_000L, Math.min(Math.max(waitNanos, 0), 50_000_000L)), cancelled);
    }
  }

  /** The upstream throttled us: hold every request for {@code retryAfter}, halve the rate. */
  public synchronized void onThrottled(Duration retryAfter) {
    long now = System.nanoTime();
    long until = now + (retryAfter == null ? Duration.ofSeconds(1) : retryAfter).toNanos();
    pausedUntilNanos = Math.max(pausedUntilNanos, until);
    if (factor > MIN_FACTOR) {
      factor = Math.max(MIN_FACTOR, factor / 2);
      bucket.replaceConfiguration(config(factor), TokensInheritanceStrategy.AS_IS);
    }
    lastAdjustNanos = now;
  }

  private void recover() {
    long now = System.nanoTime();
    if (factor < 1.0 && now - lastAdjustNanos >= COOL_DOWN.toNanos()) {
      factor = Math.min(1.0, factor + 0.1);
      bucket.replaceConfiguration(config(factor), TokensInheritanceStrategy.AS_IS);
      lastAdjustNanos = now;
    }
  }

  private static void sleep(long nanos, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("operation cancelled");
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the rate limiter");
    }
  }
}
