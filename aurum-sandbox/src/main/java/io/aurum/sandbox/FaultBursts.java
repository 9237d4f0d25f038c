package io.aurum.sandbox;

import java.time.LocalDate;
import java.util.Random;
import java.util.Set;

/**
 * The faults of {@link Faults} that replace or damage whole answers: bursts of the next N (a
 * suspended key, throttles, unavailable answers, then reset, truncated, malformed and stalled
 * bodies) and random server errors drawn from a seeded {@link Random}. Not thread-safe: {@link
 * Faults} reads and writes it under its own lock.
 */
final class FaultBursts {
  private final long defaultSeed;
  double errorRate;
  long seed;
  private Random random;
  int throttleNext;
  int retryAfterSeconds = Faults.DEFAULT_RETRY_AFTER_SECONDS;
  int unavailableNext;
  int resetNext;
  int truncateNext;
  int malformedNext;
  int stallNext;
  int suspendAfter;
  int suspendNext;

  FaultBursts(long seed) {
    this.defaultSeed = seed;
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** Sets the error rate and reseeds the random source. */
  void errorRate(double rate, long newSeed) {
    this.errorRate = rate;
    this.seed = newSeed;
    this.random = new Random(newSeed);
  }

  /** Back to no bursts, no errors and the configured seed. */
  void clear() {
    errorRate(0, defaultSeed);
    throttleNext = 0;
    retryAfterSeconds = Faults.DEFAULT_RETRY_AFTER_SECONDS;
    unavailableNext = 0;
    resetNext = 0;
    truncateNext = 0;
    malformedNext = 0;
    stallNext = 0;
    suspendAfter = 0;
    suspendNext = 0;
  }

  /** The current settings, with those kept elsewhere. */
  Faults.Settings settings(long latencyMs, Set<LocalDate> failDates) {
    return new Faults.Settings(
        latencyMs,
        errorRate,
        seed,
        throttleNext,
        retryAfterSeconds,
        unavailableNext,
        resetNext,
        truncateNext,
        malformedNext,
        stallNext,
        failDates);
  }

  /** Decides (and consumes) a fault that replaces the answer. */
  FaultKind beforeAnswer() {
    if (suspendNext > 0) {
      if (suspendAfter > 0) {
        suspendAfter--;
      } else {
        suspendNext--;
        return FaultKind.SUSPENDED;
      }
    }
    if (throttleNext > 0) {
      throttleNext--;
      return FaultKind.THROTTLE;
    }
    if (unavailableNext > 0) {
      unavailableNext--;
      return FaultKind.UNAVAILABLE;
    }
    if (errorRate > 0 && random.nextDouble() < errorRate) {
      return random.nextBoolean() ? FaultKind.SERVER_ERROR : FaultKind.UNAVAILABLE;
    }
    return FaultKind.NONE;
  }

  /** Decides (and consumes) a fault that damages a successful body. */
  FaultKind onBody() {
    if (resetNext > 0) {
      resetNext--;
      return FaultKind.RESET;
    }
    if (truncateNext > 0) {
      truncateNext--;
      return FaultKind.TRUNCATE;
    }
    if (malformedNext > 0) {
      malformedNext--;
      return FaultKind.MALFORMED;
    }
    if (stallNext > 0) {
      stallNext--;
      return FaultKind.STALL;
    }
    return FaultKind.NONE;
  }
}
