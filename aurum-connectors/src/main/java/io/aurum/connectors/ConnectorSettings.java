package io.aurum.connectors;

import io.aurum.core.error.UpstreamException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Where each upstream lives and the credentials to call it, read from an environment map: base URLs
 * from {@code AURUM_<UPSTREAM>_BASE_URL} (default: the real API), keys only from {@code
 * EIA_API_KEY}, {@code FRED_API_KEY}, {@code BLS_API_KEY}, {@code NOAA_TOKEN}, {@code PJM_API_KEY};
 * each upstream's {@link UpstreamLimits} (deadline, Retry-After cap, size limits) from {@code
 * upstream_limits.json} ({@link #withLimits}; the defaults otherwise), and the requests that may be
 * in flight to each ({@link #withRequestsInFlight}), which share the heap under the row cap ({@link
 * #rowCap}). Immutable; {@link #toString()} never shows a key.
 */
public final class ConnectorSettings {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Map<Upstream, String> baseUrls = new EnumMap<>(Upstream.class);
  private final Map<Upstream, String> keys = new EnumMap<>(Upstream.class);
  private final Map<Upstream, UpstreamLimits> limits = new EnumMap<>(Upstream.class);
  private final Map<Upstream, Integer> inFlight = new EnumMap<>(Upstream.class);
  private final Duration connectTimeout;

  private ConnectorSettings(
      Map<String, String> env,
      Duration connectTimeout,
      Map<Upstream, UpstreamLimits> limits,
      Map<Upstream, Integer> inFlight) {
    for (Upstream u : Upstream.values()) {
      String override = env.get(u.baseUrlVariable());
      baseUrls.put(
          u,
          validBaseUrl(
              u, override == null || override.isBlank() ? u.defaultBaseUrl() : override.trim()));
      String key = u.keyVariable() == null ? null : env.get(u.keyVariable());
      if (key != null && !key.isBlank()) {
        keys.put(u, key.trim());
      }
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    this.connectTimeout = connectTimeout;
    for (Upstream u : Upstream.values()) {
      this.limits.put(u, limits.getOrDefault(u, UpstreamLimits.DEFAULTS));
      int n = inFlight.getOrDefault(u, 1);
      if (n < 1) {
        throw new IllegalArgumentException("requests in flight must be positive: " + u + "=" + n);
      }
      this.inFlight.put(u, n);
    }
  }

  /** Settings from an environment map (tests pass their own; the app passes System.getenv()). */
  public static ConnectorSettings fromEnvironment(Map<String, String> env) {
    return new ConnectorSettings(env, DEFAULT_CONNECT_TIMEOUT, Map.of(), Map.of());
  }

  /** The same settings with {@code connect} as connect timeout and every upstream's deadline. */
  public ConnectorSettings withTimeouts(Duration connect, Duration deadline) {
    Map<Upstream, UpstreamLimits> next = new EnumMap<>(Upstream.class);
    limits.forEach((u, l) -> next.put(u, l.withDeadline(deadline)));
    return new ConnectorSettings(env(), connect, next, inFlight);
  }

  /** The same settings with these upstreams' limits (the others keep theirs). */
  public ConnectorSettings withLimits(Map<Upstream, UpstreamLimits> changed) {
    Map<Upstream, UpstreamLimits> next = new EnumMap<>(limits);
    next.putAll(changed);
    return new ConnectorSettings(env(), connectTimeout, next, inFlight);
  }

  /**
   * The same settings where up to {@code n} requests to an upstream may be in flight at once (its
   * quota's {@code max_concurrency}; 1 for an upstream not named): the row cap shares the heap
   * between them ({@link RowCap}).
   */
  public ConnectorSettings withRequestsInFlight(Map<Upstream, Integer> n) {
    Map<Upstream, Integer> next = new EnumMap<>(inFlight);
    next.putAll(n);
    return new ConnectorSettings(env(), connectTimeout, limits, next);
  }

  /** The most rows one request to {@code u} may hand on, in this JVM's heap. */
  public RowCap rowCap(Upstream u) {
    return RowCap.of(u, limits.get(u), inFlight.get(u));
  }

  private Map<String, String> env() {
    Map<String, String> env = new java.util.HashMap<>();
    baseUrls.forEach((u, url) -> env.put(u.baseUrlVariable(), url));
    keys.forEach((u, key) -> env.put(u.keyVariable(), key));
    return env;
  }

  /** What one request to {@code u} may cost: deadline, Retry-After cap, size limits. */
  public UpstreamLimits limits(Upstream u) {
    return limits.get(u);
  }

  private static String validBaseUrl(Upstream u, String text) {
    String url = text.replaceAll("/+$", "");
    try {
      URI uri = URI.create(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawQuery() == null) {
        return url;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        u.baseUrlVariable()
            + " must be an http(s) URL such as "
            + u.defaultBaseUrl()
            + ", got '"
            + text
            + "'");
  }

  /** Scheme, host and port of the API, without a trailing slash; the connector appends the path. */
  public String baseUrl(Upstream u) {
    return baseUrls.get(u);
  }

  public Optional<String> apiKey(Upstream u) {
    return Optional.ofNullable(keys.get(u));
  }

  /** The credential of an upstream, or a permanent error naming the environment variable to set. */
  public String requireKey(Upstream u) {
    String key = keys.get(u);
    if (key == null) {
      throw UpstreamException.permanent(
          "no API key for "
              + u.name().toLowerCase(java.util.Locale.ROOT)
              + ": set the environment variable "
              + u.keyVariable(),
          null);
    }
    return key;
  }

  /** Every configured credential, so error messages can be scrubbed of them. */
  public Set<String> secrets() {
    return Set.copyOf(keys.values());
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "ConnectorSettings{", "}");
    baseUrls.forEach((u, url) -> j.add(u.name().toLowerCase(java.util.Locale.ROOT) + "=" + url));
    j.add(
        "keys="
            + keys.keySet().stream()
                .map(u -> u.keyVariable() + "=***")
                .collect(Collectors.joining(",", "[", "]")));
    j.add("connectTimeout=" + connectTimeout).add("limits=" + limits).add("inFlight=" + inFlight);
    return j.toString();
  }
}
