package io.aurum.core.config;

import io.aurum.core.model.Dataset;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source's documented quota: several limits at once (per second, minute, hour, day), how many
 * concurrent requests it can feed, and the share reserved for routine ingestion.
 *
 * <p>A source whose upstream is several independent APIs (ISO: NYISO, CAISO, PJM) may instead have
 * one quota per {@code market} ({@link #markets}): each market then has its own throttle,
 * concurrency, shared-ledger windows and circuit breaker. The source's own fields are then the
 * combined view for callers that do not know the market: the strictest market's limits (the safe
 * pacing), the sum of the markets' concurrency (markets run side by side), the largest reserved
 * share and typical latency.
 */
public record SourceQuota(
    List<Limit> limits,
    int maxConcurrency,
    double reservedShare,
    Duration typicalLatency,
    Map<String, SourceQuota> markets) {

  public static final Duration DEFAULT_TYPICAL_LATENCY = Duration.ofMillis(250);

  /** {@code requests} per {@code period}. */
  public record Limit(long requests, Duration period) {
    public double perSecond() {
      return requests / (period.toNanos() / 1e9);
    }
  }

  public SourceQuota {
    limits = List.copyOf(limits);
    markets =
        markets == null || markets.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(markets));
    for (SourceQuota m : markets.values()) {
      if (m.perMarket()) {
        throw new IllegalArgumentException("a market's quota cannot have markets itself");
      }
    }
  }

  /** A quota shared by all of the source's requests. */
  public SourceQuota(
      List<Limit> limits, int maxConcurrency, double reservedShare, Duration typicalLatency) {
    this(limits, maxConcurrency, reservedShare, typicalLatency, Map.of());
  }

  /** A source with one quota per market, and the combined view of them (see the class doc). */
  public static SourceQuota perMarket(Map<String, SourceQuota> markets) {
    if (markets.isEmpty()) {
      throw new IllegalArgumentException("a per-market quota needs at least one market");
    }
    SourceQuota strictest =
        markets.values().stream()
            .min(Comparator.comparingDouble(SourceQuota::requestsPerSecond))
            .orElseThrow();
    return new SourceQuota(
        strictest.limits(),
        markets.values().stream().mapToInt(SourceQuota::maxConcurrency).sum(),
        markets.values().stream().mapToDouble(SourceQuota::reservedShare).max().orElse(0),
        markets.values().stream()
            .map(SourceQuota::typicalLatency)
            .max(Comparator.naturalOrder())
            .orElse(DEFAULT_TYPICAL_LATENCY),
        markets);
  }

  /** Whether each market of the source has its own quota. */
  public boolean perMarket() {
    return !markets.isEmpty();
  }

  /**
   * The quota lane of a dataset: its {@code upstream.market} when this quota is per market and has
   * that market, else null (the source's one quota).
   */
  public String laneOf(Dataset d) {
    String market = d.upstream().get("market");
    return market != null && markets.containsKey(market) ? market : null;
  }

  /** The quota a lane paces by: the market's own, or this one for the null lane. */
  public SourceQuota lane(String market) {
    return market == null ? this : markets.getOrDefault(market, this);
  }

  /**
   * The aggregate sustained rate of the source, requests per second: the sum of its markets' rates
   * when per market (they do not share a limit), else the strictest limit's.
   */
  public double totalRequestsPerSecond() {
    return perMarket()
        ? markets.values().stream().mapToDouble(SourceQuota::requestsPerSecond).sum()
        : requestsPerSecond();
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
