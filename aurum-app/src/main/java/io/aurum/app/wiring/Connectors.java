package io.aurum.app.wiring;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.UpstreamLimitsFile;
import io.aurum.connectors.cpi.CpiConnector;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.connectors.fred.FredConnector;
import io.aurum.connectors.iso.IsoConnector;
import io.aurum.connectors.noaa.NoaaConnector;
import io.aurum.core.config.QuotaConfig;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds one connector per source from the environment (base URLs and keys) and the configuration
 * directory's {@code upstream_limits.json} (deadlines, Retry-After caps, size limits).
 */
final class Connectors {
  /** Keys the sandbox accepts; set only when the user has none, never printed. */
  private static final String SANDBOX_KEY = "sandbox-key";

  private Connectors() {}

  /**
   * {@code clock} decides which day is today where that matters (NYISO's live real-time file);
   * {@code quotas} say how many requests to each upstream may be in flight, which share the heap
   * under the row cap.
   */
  static Map<SourceId, Connector> build(
      Map<String, String> env, Path configDir, Clock clock, QuotaConfig quotas) {
    Map<SourceId, Connector> out = new EnumMap<>(SourceId.class);
    ConnectorSettings settings =
        ConnectorSettings.fromEnvironment(env)
            .withLimits(UpstreamLimitsFile.load(configDir))
            .withRequestsInFlight(inFlight(quotas));
    out.put(SourceId.EIA, new EiaConnector(settings));
    out.put(SourceId.FRED, new FredConnector(settings));
    out.put(SourceId.CPI, new CpiConnector(settings));
    out.put(SourceId.NOAA, new NoaaConnector(settings));
    out.put(SourceId.ISO, new IsoConnector(settings, clock));
    return out;
  }

  /**
   * Each upstream's {@code max_concurrency} (an ISO market's own, or the iso source's when it has
   * one quota): no operation runs more fetches of it at once.
   */
  static Map<Upstream, Integer> inFlight(QuotaConfig quotas) {
    Map<Upstream, Integer> out = new EnumMap<>(Upstream.class);
    for (Upstream u : Upstream.values()) {
      String name = u.name().toLowerCase(Locale.ROOT);
      SourceId source =
          switch (u) {
            case EIA -> SourceId.EIA;
            case FRED -> SourceId.FRED;
            case CPI -> SourceId.CPI;
            case NOAA -> SourceId.NOAA;
            default -> SourceId.ISO;
          };
      SourceQuota q = quotas.all().get(source);
      if (q == null) {
        continue; // a source without a quota is refused when planned, not here
      }
      q = q.lane(name);
      out.put(u, Math.max(1, q.maxConcurrency()));
    }
    return out;
  }

  /** Points every source at the sandbox and supplies sandbox keys where the user has none. */
  static void pointAtSandbox(Map<String, String> env, String baseUrl) {
    for (String name : new String[] {"EIA", "FRED", "CPI", "NOAA", "NYISO", "CAISO", "PJM"}) {
      env.put("AURUM_" + name + "_BASE_URL", baseUrl);
    }
    for (String key :
        new String[] {"EIA_API_KEY", "FRED_API_KEY", "BLS_API_KEY", "NOAA_TOKEN", "PJM_API_KEY"}) {
      env.putIfAbsent(key, SANDBOX_KEY);
    }
  }
}
