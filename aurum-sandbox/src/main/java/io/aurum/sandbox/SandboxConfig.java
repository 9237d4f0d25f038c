package io.aurum.sandbox;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link Sandbox} runs: port (0 = ephemeral), worker threads, quotas per source (requests per
 * second, fractional allowed; absent = the source's default), API keys every emulator rejects, the
 * seed of the fault injector and the clock that bounds "latest" data.
 */
public record SandboxConfig(
    int port,
    int threads,
    boolean quotasEnabled,
    Map<String, Double> quotaPerSecond,
    Set<String> rejectedKeys,
    long seed,
    Clock clock) {

  public static final int DEFAULT_THREADS = 16;
  public static final long DEFAULT_SEED = 42L;

  /** EIA's FAQ asks for a burst rate below 5 requests per second. */
  public static final double DEFAULT_EIA_QUOTA_PER_SECOND = 5.0;

  /**
   * Per-second quotas by sandbox source: EIA 5/s, FRED 120/min, NOAA CDO 5/s, CAISO 1 per 5 s, PJM
   * 6/min (non-member). BLS counts per day inside its emulator; NYISO documents no limit.
   */
  public static final Map<String, Double> DEFAULT_QUOTAS =
      Map.of(
          "eia", DEFAULT_EIA_QUOTA_PER_SECOND,
          "fred", 2.0,
          "noaa", 5.0,
          "caiso", 0.2,
          "pjm", 0.1);

  public SandboxConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    quotaPerSecond = Map.copyOf(quotaPerSecond);
    quotaPerSecond.forEach(
        (source, rate) -> {
          if (!(rate > 0)) {
            throw new IllegalArgumentException("quota of " + source + " must be > 0: " + rate);
          }
        });
    rejectedKeys = Set.copyOf(rejectedKeys);
    Objects.requireNonNull(clock, "clock");
  }

  /** Ephemeral port, default quotas, no rejected keys, seed {@value #DEFAULT_SEED}. */
  public static SandboxConfig defaults() {
    return new SandboxConfig(
        0, DEFAULT_THREADS, true, DEFAULT_QUOTAS, Set.of(), DEFAULT_SEED, Clock.systemUTC());
  }

  public SandboxConfig withPort(int newPort) {
    return new SandboxConfig(
        newPort, threads, quotasEnabled, quotaPerSecond, rejectedKeys, seed, clock);
  }

  public SandboxConfig withoutQuotas() {
    return new SandboxConfig(port, threads, false, quotaPerSecond, rejectedKeys, seed, clock);
  }

  public SandboxConfig withQuota(String source, double perSecond) {
    Map<String, Double> quotas = new java.util.HashMap<>(quotaPerSecond);
    quotas.put(source, perSecond);
    return new SandboxConfig(port, threads, true, quotas, rejectedKeys, seed, clock);
  }

  public SandboxConfig withRejectedKeys(Set<String> keys) {
    return new SandboxConfig(port, threads, quotasEnabled, quotaPerSecond, keys, seed, clock);
  }

  public SandboxConfig withSeed(long newSeed) {
    return new SandboxConfig(
        port, threads, quotasEnabled, quotaPerSecond, rejectedKeys, newSeed, clock);
  }

  public SandboxConfig withClock(Clock newClock) {
    return new SandboxConfig(
        port, threads, quotasEnabled, quotaPerSecond, rejectedKeys, seed, newClock);
  }

  /** The quota of a source, or empty when quotas are off or the source has none. */
  public java.util.OptionalDouble quotaOf(String source) {
    Double q = quotasEnabled ? quotaPerSecond.get(source) : null;
    return q == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(q);
  }
}
