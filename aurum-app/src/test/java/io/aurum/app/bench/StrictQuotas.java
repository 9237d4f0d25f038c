package io.aurum.app.bench;

import io.aurum.sandbox.SandboxConfig;

/**
 * The sandbox's real quota of one market, for {@link RequestsBench}'s makespan runs: EIA and NOAA 5
 * a second, FRED 120 a minute, NYISO 60 a minute (Aurum's own polite limit: NYISO documents none),
 * CAISO 1 per 5 s, PJM 6 a minute, enforced as a strict sliding window.
 */
final class StrictQuotas {
  private StrictQuotas() {}

  /** A sandbox configuration that enforces the market's real quota ({@code q} a second). */
  static SandboxConfig config(String market, double q) {
    // TODO(issue 15): switch on the sandbox's strict sliding-window mode once it lands; until then
    // this is the token bucket of capacity ceil(Q).
    return SandboxConfig.defaults().withPort(0).withQuota(market, q);
  }

  /** How the quota reads, for the output line. */
  static String describe(String market) {
    return switch (market) {
          case "eia", "noaa" -> "5 per 1 s";
          case "fred" -> "120 per 60 s";
          case "nyiso" -> "60 per 60 s";
          case "caiso" -> "1 per 5 s";
          case "pjm" -> "6 per 60 s";
          default -> "none";
        }
        + " (token bucket)";
  }
}
