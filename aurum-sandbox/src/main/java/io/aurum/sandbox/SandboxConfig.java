package io.aurum.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link Sandbox} runs: port (0 = ephemeral), worker threads, quotas per source (token
 * buckets of so many requests per second, fractional allowed; absent = the source's default), the
 * sources whose quota is instead a strict sliding window of N requests per period ({@code
 * strictWindows}, see {@link Quota}), API keys every emulator rejects, the seed of the fault
 * injector and the clock that bounds "latest" data.
 */
public record SandboxConfig(
    int port,
    int threads,
    boolean quotasEnabled,
    Map<String, Double> quotaPerSecond,
    Map<String, Window> strictWindows,
    Set<String> rejectedKeys,
    long seed,
    Clock clock) {

  /** N requests per period P, enforced as a strict sliding window. */
  public record Window(long requests, Duration period) {
    public Window {
      if (requests < 1 || period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException(
            "a window needs >= 1 request per positive period: " + requests + " per " + period);
      }
    }

    public double perSecond() {
      return requests / (period.toNanos() / 1e9);
    }
  }

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

  /**
   * The upstreams' real quotas as their documentation words them, for {@link #withStrictWindows}:
   * EIA 5/s, FRED 120/min, NOAA CDO 5/s, CAISO 1 per 5 s, PJM 6/min (non-member), and for NYISO,
   * which documents none, the polite 60/min Aurum chooses.
   */
  public static final Map<String, Window> REAL_QUOTAS =
      Map.of(
          "eia", new Window(5, Duration.ofSeconds(1)),
          "fred", new Window(120, Duration.ofMinutes(1)),
          "noaa", new Window(5, Duration.ofSeconds(1)),
          "caiso", new Window(1, Duration.ofSeconds(5)),
          "pjm", new Window(6, Duration.ofMinutes(1)),
          "nyiso", new Window(60, Duration.ofMinutes(1)));

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
    strictWindows = Map.copyOf(strictWindows);
    rejectedKeys = Set.copyOf(rejectedKeys);
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Ephemeral port, default quotas (token buckets), no rejected keys, seed {@value #DEFAULT_SEED}.
   */
  public static SandboxConfig defaults() {
    return new SandboxConfig(
        0,
        DEFAULT_THREADS,
        true,
        DEFAULT_QUOTAS,
        Map.of(),
        Set.of(),
        DEFAULT_SEED,
        Clock.systemUTC());
  }

  public SandboxConfig withPort(int newPort) {
    return new SandboxConfig(
        newPort, threads, quotasEnabled, quotaPerSecond, strictWindows, rejectedKeys, seed, clock);
  }

  public SandboxConfig withoutQuotas() {
    return new SandboxConfig(
        port, threads, false, quotaPerSecond, strictWindows, rejectedKeys, seed, clock);
  }

  /** A token bucket of {@code perSecond} for the source (replacing a strict window it had). */
  public SandboxConfig withQuota(String source, double perSecond) {
    Map<String, Double> quotas = new HashMap<>(quotaPerSecond);
    quotas.put(source, perSecond);
    Map<String, Window> windows = new HashMap<>(strictWindows);
    windows.remove(source);
    return new SandboxConfig(port, threads, true, quotas, windows, rejectedKeys, seed, clock);
  }

  /** A strict sliding window of {@code requests} per {@code period} for the source. */
  public SandboxConfig withStrictWindow(String source, long requests, Duration period) {
    Map<String, Window> windows = new HashMap<>(strictWindows);
    windows.put(source, new Window(requests, period));
    return new SandboxConfig(
        port, threads, true, quotaPerSecond, windows, rejectedKeys, seed, clock);
  }

  /**
   * Every source with a real quota ({@link #REAL_QUOTAS}) enforces it as a strict sliding window:
   * the sandbox the quota benchmarks and pacing tests run against.
   */
  public SandboxConfig withStrictWindows() {
    Map<String, Window> windows = new HashMap<>(strictWindows);
    windows.putAll(REAL_QUOTAS);
    return new SandboxConfig(
        port, threads, true, quotaPerSecond, windows, rejectedKeys, seed, clock);
  }

  public SandboxConfig withRejectedKeys(Set<String> keys) {
    return new SandboxConfig(
        port, threads, quotasEnabled, quotaPerSecond, strictWindows, keys, seed, clock);
  }

  public SandboxConfig withSeed(long newSeed) {
    return new SandboxConfig(
        port, threads, quotasEnabled, quotaPerSecond, strictWindows, rejectedKeys, newSeed, clock);
  }

  public SandboxConfig withClock(Clock newClock) {
    return new SandboxConfig(
        port, threads, quotasEnabled, quotaPerSecond, strictWindows, rejectedKeys, seed, newClock);
  }

  /**
   * The token-bucket rate of a source, or empty when quotas are off, the source has none or its
   * quota is a strict window.
   */
  public java.util.OptionalDouble quotaOf(String source) {
    Double q =
        quotasEnabled && !strictWindows.containsKey(source) ? quotaPerSecond.get(source) : null;
    return q == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(q);
  }

  /** A new quota for a source as configured (strict window, token bucket), or null for none. */
  public Quota newQuota(String source) {
    if (!quotasEnabled) {
      return null;
    }
    Window w = strictWindows.get(source);
    if (w != null) {
      return Quota.strictWindow(w.requests(), w.period());
    }
    Double q = quotaPerSecond.get(source);
    return q == null ? null : new Quota(q);
  }
}
