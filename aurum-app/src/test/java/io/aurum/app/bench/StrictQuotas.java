package io.aurum.app.bench;

import java.time.Duration;

/**
 * The real quota of each market, as {@link RequestsBench}'s makespan runs enforce it (a {@link
 * StrictWindowGate}: at most {@code limit} requests in any sliding {@code period}): EIA and NOAA 5
 * a second, FRED 120 a minute, NYISO 60 a minute (Aurum's own polite limit: NYISO documents none),
 * CAISO 1 per 5 s, PJM 6 a minute; the same limits as {@code config/data_source_quotas.json}.
 */
record StrictQuotas(int limit, Duration period) {

  static StrictQuotas of(String market) {
    return switch (market) {
      case "eia", "noaa" -> new StrictQuotas(5, Duration.ofSeconds(1));
      case "fred" -> new StrictQuotas(120, Duration.ofMinutes(1));
      case "nyiso" -> new StrictQuotas(60, Duration.ofMinutes(1));
      case "caiso" -> new StrictQuotas(1, Duration.ofSeconds(5));
      case "pjm" -> new StrictQuotas(6, Duration.ofMinutes(1));
      default -> throw new IllegalArgumentException("no per-second or per-minute quota: " + market);
    };
  }

  /** Requests per second. */
  double perSecond() {
    return limit / (period.toNanos() / 1e9);
  }

  /** How the quota reads, for the output line. */
  String describe() {
    return limit + " per " + period.toSeconds() + " s, strict sliding window";
  }
}
