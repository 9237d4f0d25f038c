package io.aurum.app.wiring;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.UpstreamLimitsFile;
import io.aurum.connectors.cpi.CpiConnector;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.connectors.fred.FredConnector;
import io.aurum.connectors.iso.IsoConnector;
import io.aurum.connectors.noaa.NoaaConnector;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds one connector per source from the environment (base URLs and keys) and the configuration
 * directory's {@code upstream_limits.json} (deadlines, Retry-After caps, size limits).
 */
final class Connectors {
  /** Keys the sandbox accepts; set only when the user has none, never printed. */
  private static final String SANDBOX_KEY = "sandbox-key";

  private Connectors() {}

  /** {@code clock} decides which day is today where that matters (NYISO's live real-time file). */
  static Map<SourceId, Connector> build(Map<String, String> env, Path configDir, Clock clock) {
    Map<SourceId, Connector> out = new EnumMap<>(SourceId.class);
    ConnectorSettings settings =
        ConnectorSettings.fromEnvironment(env).withLimits(UpstreamLimitsFile.load(configDir));
    out.put(SourceId.EIA, new EiaConnector(settings));
    out.put(SourceId.FRED, new FredConnector(settings));
    out.put(SourceId.CPI, new CpiConnector(settings));
    out.put(SourceId.NOAA, new NoaaConnector(settings));
    out.put(SourceId.ISO, new IsoConnector(settings, clock));
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
