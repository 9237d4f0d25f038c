package io.aurum.core.config;

import java.time.Duration;
import java.util.List;

/**
 * A source's documented quota: several limits at once (per second, minute, hour, day), how many
 * concurrent requests it can feed, and the share reserved for routine ingestion.
 */
public record SourceQuota(
    List<Limit> limits, int maxConcurrency, double reservedShare, Duration typicalLatency) {

  public static final Duration DEFAULT_TYPICAL_LATENCY = Duration.ofMillis(250);

  /** {@code requests} per {@code period}. */
  public record Limit(long requests, Duration period) {
    public double perSecond() {
      return requests / (period.toNanos() / 1e9);
    }
  }

  public SourceQuota {
    limits = List.copyOf(limits);
  }

  /** The sustained rate the strictest limit allows, in requests per second. */
  public double requestsPerSecond() {
    return rateOf(limits);
  }

  /** The sustained rate a set of limits allows: the strictest of them, requests per second. */
  public static double rateOf(List<Limit> limits) {
    return limits.stream().mapToDouble(Limit::perSecond).min().orElse(Double.POSITIVE_INFINITY);
  }

  /** The shortest-period limit's rate: the burst rate the source tolerates, requests per second. */
  public double burstPerSecond() {
    return limits.stream()
        .min((a, b) -> a.period().compareTo(b.period()))
        .map(Limit::perSecond)
        .orElse(Double.POSITIVE_INFINITY);
  }
}
